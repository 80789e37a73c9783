package org.vigne.net.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ComponentPhase;
import org.vigne.apps.manager.ComponentStatus;
import org.vigne.apps.node.ApiResult;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.data.ApplicationTable;
import org.vigne.data.ApplicationView;
import org.vigne.data.ConsistencyProtocol;

/**
 * Feeds a real node's {@link ApplicationTable} from the application managers (the real
 * equivalent of the simulator's stand-in): for every application this node hosts components of,
 * was asked about by a local component, or got a shared-object message of, it reads the
 * manager's status and turns it into the data service's view: at once when the manager tells
 * this node the view changed ({@link #changed}), and otherwise every {@code pollMs} until
 * installed, then only every {@code steadyPollMs} (a safety net for a lost notice).
 *
 * <p><b>From a status to a view.</b> The epoch is the manager's restart count: every restart
 * (of a component or of the application) starts a new epoch, whose objects start from the values
 * stored with the checkpoints the manager names for it ({@link AppStatus#objectsFrom}, read through
 * an {@link ObjectsSource}), or empty when it names none. An epoch is not installed until those
 * values are read: never from an empty or partial state. An epoch is installed only once no
 * component waits for a node; its initial members are then the nodes of all its components
 * (those still running and those already finished in it), which every node reading any status
 * of that epoch computes alike, because a component changes node only through a restart. Its
 * members are the nodes of the components placed or running: a node whose components have all
 * ended drops out, and its copies stop blocking writes. An application in a final state ends.
 *
 * <p>Runs on the node's event loop; time and timers from {@link Env}.
 */
public final class ApplicationFeed {
    /** Why an access could not start. */
    public enum Readiness {
        /** The application runs here in a known epoch: the access may start. */
        READY,
        /** No manager knows the application. */
        UNKNOWN,
        /** The application reached a final state. */
        ENDED,
        /** It runs, but not (yet) on this node, or its components are still being placed. */
        NOT_HERE,
        /** Its manager could not be asked in time. */
        UNAVAILABLE
    }

    /** Reads an application's status from its manager (the node's {@code Applications#status}). */
    public interface StatusSource {
        void status(String appId, Consumer<ApiResult<AppStatus>> done);
    }

    /**
     * Reads the objects' values stored with the checkpoints {@code checkpoints} of {@code appId},
     * merged; fails rather than answer part of them. Answers on the event loop.
     */
    public interface ObjectsSource {
        void objects(String appId, List<String> checkpoints, Consumer<ApiResult<Map<String, byte[]>>> done);
    }

    /** The values read for an epoch not installed yet. */
    private record Restored(long epoch, Map<String, byte[]> values) {
    }

    private record Waiter(Consumer<Readiness> done, long deadlineMs) {
    }

    private final Env env;
    private final ApplicationTable table;
    private final StatusSource source;
    private final ObjectsSource stored;
    private final Map<String, Restored> restored = new HashMap<>();
    private final Set<String> fetching = new HashSet<>();
    private final Supplier<Set<String>> hostedApps;
    private final long pollMs;
    /**
     * An application installed here, with nobody waiting, is read only every this many polls:
     * every read is a command of its manager's log, and its manager tells of changes anyway.
     */
    private final long steadyEvery;
    /** Applications told of a change while their status was being read: read again after. */
    private final Set<String> again = new HashSet<>();
    private final Map<String, List<Waiter>> waiting = new LinkedHashMap<>();
    /** Applications learnt of from messages or accesses, polled until they end here. */
    private final Set<String> interesting = new LinkedHashSet<>();
    private final Set<String> inFlight = new HashSet<>();
    /** Applications whose last status read succeeded (a waiter that expires was waiting for placement). */
    private final Set<String> answered = new HashSet<>();
    /** Told of every status read (the node's sync desk), or null. */
    private Consumer<AppStatus> statusListener;
    private Timer timer;
    private long ticks;
    private boolean stopped;
    /** Status reads answered, for tools. */
    private long polls;
    /** Notices of view changes received, for tools. */
    private long notices;
    /** Reads of a restart's stored object values that failed (each is tried again), for tools. */
    private long restoreFailures;

    public ApplicationFeed(Env env, ApplicationTable table, StatusSource source, ObjectsSource stored,
                           Supplier<Set<String>> hostedApps, long pollMs, long steadyPollMs) {
        this.env = env;
        this.table = table;
        this.source = source;
        this.stored = stored;
        this.hostedApps = hostedApps;
        this.pollMs = pollMs;
        this.steadyEvery = Math.max(1, steadyPollMs / pollMs);
        this.timer = env.schedule(pollMs, this::tick);
    }

    /**
     * Tells {@code done}, on the event loop, whether a local access to {@code app} may start:
     * at once when the view says so, else after asking the manager, waiting at most
     * {@code waitMs} for the application's components to be placed here.
     */
    public void ensure(String app, long waitMs, Consumer<Readiness> done) {
        Readiness now = readiness(app);
        if (now == Readiness.READY || now == Readiness.ENDED) {
            done.accept(now);
            return;
        }
        interesting.add(app);
        waiting.computeIfAbsent(app, k -> new ArrayList<>()).add(new Waiter(done, env.nowMs() + waitMs));
        ask(app);
    }

    /**
     * As {@link #ensure}, but always reads the manager's status first, so that {@code done} sees
     * the newest epoch that status lets this node install (a checkpoint must not snapshot the
     * objects of an epoch already rolled back; an epoch not installable yet, a component still
     * waiting for a node, is not running anywhere either).
     */
    public void refresh(String app, long waitMs, Consumer<Readiness> done) {
        interesting.add(app);
        waiting.computeIfAbsent(app, k -> new ArrayList<>()).add(new Waiter(done, env.nowMs() + waitMs));
        ask(app);
    }

    /** A shared-object message of {@code app} in {@code epoch} arrived: learn the epoch if it is newer. */
    public void heardOf(String app, long epoch) {
        if (epoch > table.epoch(app) && table.status(app) != ApplicationView.Status.ENDED && interesting.add(app)) {
            ask(app);
        }
    }

    private Readiness readiness(String app) {
        return switch (table.status(app)) {
            case ENDED -> Readiness.ENDED;
            case RUNNING -> table.isMember(app, env.self().id()) ? Readiness.READY : Readiness.NOT_HERE;
            case UNKNOWN -> Readiness.NOT_HERE;
        };
    }

    private void tick() {
        timer = null;
        if (stopped) {
            return;
        }
        Set<String> apps = new LinkedHashSet<>(hostedApps.get());
        apps.addAll(interesting);
        apps.addAll(table.runningApplications());
        ticks++;
        for (String app : apps) {
            ApplicationView.Status s = table.status(app);
            boolean steady = s == ApplicationView.Status.RUNNING && !waiting.containsKey(app);
            if (s != ApplicationView.Status.ENDED && (!steady || ticks % steadyEvery == 0)) {
                ask(app);
            }
        }
        interesting.removeIf(app -> table.status(app) == ApplicationView.Status.ENDED);
        answered.retainAll(apps);
        expireWaiters();
        timer = env.schedule(pollMs, this::tick);
    }

    /** From now on {@code listener} is told, on the event loop, of every status this feed reads. */
    public void onStatus(Consumer<AppStatus> listener) {
        this.statusListener = listener;
    }

    /**
     * The manager of {@code app} says its view changed (a placement, an end, a restart): read its
     * status now, or again once the read in flight, which may predate the change, is answered.
     */
    public void changed(String app) {
        if (table.status(app) == ApplicationView.Status.ENDED) {
            return;
        }
        notices++;
        if (inFlight.contains(app)) {
            again.add(app);
        } else {
            ask(app);
        }
    }

    private void ask(String app) {
        if (!inFlight.add(app)) {
            return;
        }
        source.status(app, r -> {
            inFlight.remove(app);
            if (stopped) {
                return;
            }
            onStatus(app, r);
            if (again.remove(app)) {
                ask(app);
            }
        });
    }

    private void onStatus(String app, ApiResult<AppStatus> r) {
        polls++;
        boolean settled = false;
        if (r.ok()) {
            answered.add(app);
            if (statusListener != null) {
                statusListener.accept(r.value());
            }
            settled = apply(r.value());
        } else if (r.status() == ApiResult.Status.NOT_FOUND) {
            answered.remove(app);
            interesting.remove(app);
            answer(app, Readiness.UNKNOWN);
            return;
        }
        Readiness now = readiness(app);
        if (now == Readiness.READY || now == Readiness.ENDED || settled) {
            // Settled and not READY: every component of the current epoch is placed, none here.
            answer(app, now);
        }
    }

    /**
     * Installs what {@code s} says into the table (see the class comment); true when the table
     * then holds the status's epoch (or the end): no component of it waits for a node.
     */
    boolean apply(AppStatus s) {
        String app = s.appId();
        if (s.state().isFinal()) {
            table.end(app);
            return true;
        }
        List<NodeHandle> initial = new ArrayList<>();
        List<NodeHandle> members = new ArrayList<>();
        for (ComponentStatus c : s.components()) {
            if (c.phase() == ComponentPhase.PENDING) {
                if (table.epoch(app) < s.restarts()) {
                    return false;
                }
                continue;
            }
            NodeHandle h = c.host();
            if (h == null) {
                continue;
            }
            addOnce(initial, h);
            if (c.phase().onNode()) {
                addOnce(members, h);
            }
        }
        if (members.isEmpty()) {
            return false;
        }
        if (table.epoch(app) < s.restarts()) {
            Map<String, byte[]> values = checkpointValues(s);
            if (values == null) {
                return false;
            }
            restored.remove(app);
            table.start(app, protocol(s), s.restarts(), initial, values);
        }
        if (table.epoch(app) == s.restarts() && !sameNodes(members, table.members(app))) {
            table.setMembers(app, members);
        }
        return table.epoch(app) == s.restarts();
    }

    /**
     * The values epoch {@code s.restarts()} starts from, or null while they are being read (the
     * status is asked for again once they are: a failed read is tried again at the next poll).
     */
    private Map<String, byte[]> checkpointValues(AppStatus s) {
        String app = s.appId();
        long epoch = s.restarts();
        if (s.objectsFrom().isEmpty()) {
            return Map.of();
        }
        Restored r = restored.get(app);
        if (r != null && r.epoch() == epoch) {
            return r.values();
        }
        if (fetching.add(app)) {
            stored.objects(app, s.objectsFrom(), res -> {
                fetching.remove(app);
                if (stopped) {
                    return;
                }
                if (res.ok()) {
                    restored.put(app, new Restored(epoch, res.value()));
                    ask(app);
                } else {
                    restoreFailures++;
                }
            });
        }
        return null;
    }

    private static ConsistencyProtocol protocol(AppStatus s) {
        try {
            return ConsistencyProtocol.parse(s.dataProtocol());
        } catch (IllegalArgumentException e) {
            return ConsistencyProtocol.DEFAULT;
        }
    }

    private static void addOnce(List<NodeHandle> list, NodeHandle h) {
        for (NodeHandle x : list) {
            if (x.id().equals(h.id())) {
                return;
            }
        }
        list.add(h);
    }

    private static boolean sameNodes(List<NodeHandle> a, List<NodeHandle> b) {
        Set<Id> x = new HashSet<>();
        a.forEach(h -> x.add(h.id()));
        Set<Id> y = new HashSet<>();
        b.forEach(h -> y.add(h.id()));
        return x.equals(y);
    }

    private void answer(String app, Readiness r) {
        List<Waiter> ws = waiting.remove(app);
        if (ws != null) {
            ws.forEach(w -> w.done().accept(r));
        }
    }

    private void expireWaiters() {
        long now = env.nowMs();
        for (Map.Entry<String, List<Waiter>> e : new ArrayList<>(waiting.entrySet())) {
            List<Waiter> expired = new ArrayList<>();
            e.getValue().removeIf(w -> w.deadlineMs() <= now && expired.add(w));
            if (e.getValue().isEmpty()) {
                waiting.remove(e.getKey());
            }
            Readiness r = answered.contains(e.getKey()) ? Readiness.NOT_HERE : Readiness.UNAVAILABLE;
            expired.forEach(w -> w.done().accept(r));
        }
    }

    /** Status reads answered so far. */
    public long polls() {
        return polls;
    }

    /** Notices of view changes received so far. */
    public long notices() {
        return notices;
    }

    /** Reads of a restart's stored object values that failed so far. */
    public long restoreFailures() {
        return restoreFailures;
    }

    /** Stops polling; waiting accesses are told the application is unavailable. */
    public void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
        for (String app : new ArrayList<>(waiting.keySet())) {
            answer(app, Readiness.UNAVAILABLE);
        }
    }
}
