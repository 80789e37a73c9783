package org.vigne.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The services of one node and the dispatch of incoming messages to them.
 *
 * <p>Each service registers the message family (usually a sealed interface) it handles; a message
 * goes to the service whose family it belongs to. A message of no registered family is counted
 * and dropped: a peer's bytes never crash a node.
 */
public final class ServiceStack {
    private final Env env;
    private final List<Registration> registrations = new ArrayList<>();
    private long unknownMessages;
    /** Message classes seen so far and their services: identity comparisons, no reflection per message. */
    private Class<?>[] seenClasses = new Class<?>[0];
    private Service[] seenServices = new Service[0];

    private record Registration(Class<? extends Message> family, Service service) {
    }

    public ServiceStack(Env env) {
        this.env = env;
    }

    public Env env() {
        return env;
    }

    /** Routes every message that is an instance of {@code family} to {@code service}. */
    public void register(Class<? extends Message> family, Service service) {
        registrations.add(new Registration(family, service));
        seenClasses = new Class<?>[0];
        seenServices = new Service[0];
    }

    /** Hands a received message to its service. */
    public void deliver(NodeHandle from, Message msg) {
        Service s = cached(msg.getClass());
        if (s == null) {
            unknownMessages++;
            return;
        }
        s.onMessage(from, msg);
    }

    private Service cached(Class<?> type) {
        Class<?>[] classes = seenClasses;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == type) {
                return seenServices[i];
            }
        }
        Service s = lookup(type);
        int n = classes.length;
        seenClasses = java.util.Arrays.copyOf(classes, n + 1);
        seenServices = java.util.Arrays.copyOf(seenServices, n + 1);
        seenClasses[n] = type;
        seenServices[n] = s;
        return s;
    }

    private Service lookup(Class<?> type) {
        for (Registration r : registrations) {
            if (r.family().isAssignableFrom(type)) {
                return r.service();
            }
        }
        return null;
    }

    /** Messages dropped because no service handles their type. */
    public long unknownMessages() {
        return unknownMessages;
    }

    /** Stops every service, last registered first. */
    public void stop() {
        List<Service> seen = new ArrayList<>();
        for (int i = registrations.size() - 1; i >= 0; i--) {
            Service s = registrations.get(i).service();
            if (!seen.contains(s)) {
                seen.add(s);
                s.stop();
            }
        }
    }
}
