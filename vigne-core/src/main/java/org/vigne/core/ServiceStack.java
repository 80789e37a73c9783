package org.vigne.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The services of one node and the dispatch of incoming messages to them.
 *
 * <p>Each service registers the message family (usually a sealed interface) it handles; a message
 * goes to the first service whose family it belongs to. A message of no registered family is
 * counted and dropped: a peer's bytes never crash a node.
 *
 * <p>Dispatch runs for every message of every simulated node, and a large simulation is bound by
 * cache misses: the first three registrations (the overlay, the DHT and group communication in
 * practice) sit in fields of this object so that dispatching to them reads no other memory.
 */
public final class ServiceStack {
    private final Env env;
    private final List<Registration> registrations = new ArrayList<>();
    private Class<? extends Message> family0;
    private Service service0;
    private Class<? extends Message> family1;
    private Service service1;
    private Class<? extends Message> family2;
    private Service service2;
    private long unknownMessages;

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
        if (registrations.size() == 1) {
            family0 = family;
            service0 = service;
        } else if (registrations.size() == 2) {
            family1 = family;
            service1 = service;
        } else if (registrations.size() == 3) {
            family2 = family;
            service2 = service;
        }
    }

    /** Hands a received message to its service. */
    public void deliver(NodeHandle from, Message msg) {
        Service s;
        if (family0 != null && family0.isInstance(msg)) {
            s = service0;
        } else if (family1 != null && family1.isInstance(msg)) {
            s = service1;
        } else if (family2 != null && family2.isInstance(msg)) {
            s = service2;
        } else {
            s = lookup(msg);
        }
        if (s == null) {
            unknownMessages++;
            return;
        }
        s.onMessage(from, msg);
    }

    private Service lookup(Message msg) {
        for (int i = 3; i < registrations.size(); i++) {
            Registration r = registrations.get(i);
            if (r.family().isInstance(msg)) {
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
