package org.vigne.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntToLongFunction;

/**
 * The discrete-event engine: virtual milliseconds, events ordered by time and then by a key, so
 * that a run is a pure function of its configuration and seed, and the same on one thread as on
 * several.
 *
 * <p>Two kinds of events. <em>The world's events</em> (scheduled from outside any node's event:
 * a test's step, an experiment's workload, churn) fire one at a time, at their instant before
 * any node's event of that instant, in the order they were scheduled. <em>Nodes' events</em> (a
 * node's timers, the messages delivered to it, and whatever a node's event schedules through
 * {@link #schedule}) belong to the node that handles them, and the nodes are split into
 * {@linkplain #setPartitions partitions} (in blocks of consecutive nodes). Between two of the world's events, time advances in
 * windows no longer than the network's shortest one-way latency (the lookahead): within a window
 * no message sent by one partition can reach another, so every partition runs its window alone,
 * on one of the run's threads, and each takes the messages the others sent it at the start of its
 * next window (conservative parallel simulation, as in Chandy, Misra and Bryant's work and in ROSS or
 * ns-3's distributed simulator). At an instant, a node's events fire in the order of their keys
 * (the node that scheduled each, then that node's own count), which does not depend on how the
 * nodes are split: a run gives the same figures whatever the number of partitions.
 *
 * <p>A node's handler may only touch that node and read what no one writes during a window (the
 * oracle, the network's tables). What it must change in the world (an experiment's log, the
 * oracle's members) it hands to {@link #defer}: effects run after the window, in the order of
 * their (instant, node), on the coordinating thread. With one partition, handlers may touch the
 * world directly (every experiment and test written before partitions does); the world's
 * generator, used so, still replays exactly.
 *
 * <p>An exception escaping an event (a protocol handler, a timer, a test's callback) is rethrown
 * as a {@link SimulationException} naming the event, the virtual time and the run's description
 * ({@link #describeRun}), so a crash deep in a handler still says which seed replays it.
 */
public final class Simulator {
    /** A calendar's reach, in milliseconds (a power of two). */
    static final int BUCKETS = 1 << 12;
    /** Keys of nodes' events: the scheduling node (plus one) above this many bits, its count below. */
    private static final int ORIGIN_SHIFT = 40;
    private static final int BLOCK_SHIFT = 6;
    /** Consecutive node indices that share a partition. */
    static final int BLOCK = 1 << BLOCK_SHIFT;
    /**
     * Partitions per thread in a run on several threads. Each thread runs its own first and then
     * takes the others' not started yet, so a window's work evens out between threads: a window at
     * 2,000 nodes holds about 130 events, and with one partition per thread each waited for the
     * other a third of its time. Measured on 2 threads, 2,000 nodes with 10,000 groups: over 20
     * simulated minutes the threads were busy 64% of the windows' time with one partition each, 68%
     * with 2, 71-72% with 4 and 8; over 2 hours, 79% with 1 and 85% with 4. At 30,000 nodes (seed 5,
     * 3 minutes) 76-82% with 1 and 81-82% with 4. (Four per thread taken in turn, each thread a
     * different one every window, was slower than one: each partition's calendar and nodes then
     * moved from core to core.)
     */
    static final int SHARES_PER_THREAD = 4;
    /** A worker with no window for this long retires (a new one starts when a window comes). */
    private static final long RETIRE_NS = 2_000_000_000L;
    private static final Comparator<Partition.Effect> EFFECT_ORDER =
            Comparator.comparingLong(Partition.Effect::timeMs).thenComparingInt(Partition.Effect::owner);

    /** The world's events. */
    private final EventHeap world = new EventHeap();
    private Partition[] parts = {new Partition(0, 1)};
    private int threads = 1;
    /** The next count of each node (what its next scheduled event is ordered by); none without a world. */
    private IntToLongFunction nextCount = owner -> {
        throw new IllegalStateException("no node " + owner + " in a simulator without a world");
    };
    private long lookaheadMs = 1;
    private long nowMs;
    private long nextSeq;
    private long worldFired;
    /** The parity of the current window's count (what messages between partitions are filed under). */
    private int parity;
    /** One past the last instant of the window being run, while one is. */
    private long windowEndMs = Long.MIN_VALUE;
    /** The partition the coordinating thread is running, while it runs one. */
    private Partition coordinating;
    private boolean inEffects;
    /** While effects run: the end of their window, before which they may not schedule. */
    private long effectsFloorMs;
    private String run = "an unnamed run";
    /** The threads of the partitions beyond the first, once a run on several threads started. */
    private Gang gang;

    /**
     * A thread that runs partitions (its own share, then any another thread has not started yet)
     * through each window, beside the coordinating thread. It lives
     * across {@link #runUntil} calls (the experiments call it once a simulated second, and starting
     * a thread each time cost about 4 ms of the coordinating thread's time), parks when no window
     * comes, and retires after {@link #RETIRE_NS} without one, so a simulator left behind leaves no
     * thread behind. The coordinator claims it before each window ({@link #WAITING} to
     * {@link #CLAIMED}); it retires only from {@link #WAITING}, so a claimed worker always runs the
     * window, and a worker that retired first is replaced.
     */
    private static final class Worker extends Thread {
        static final int WAITING = 0;
        static final int CLAIMED = 1;
        static final int RETIRED = 2;
        /** Which share of the partitions is this thread's own (the coordinator's is 0). */
        final int share;
        final AtomicInteger state = new AtomicInteger(CLAIMED);
        volatile boolean parked;
        /** The partition this thread is running, while it runs one. */
        Partition running;
        private final Gang gang;
        private final int startPhase;

        Worker(int share, Gang gang, int startPhase) {
            super("sim-partition-" + share);
            this.share = share;
            this.gang = gang;
            this.startPhase = startPhase;
            setDaemon(true);
        }

        boolean claim() {
            return state.compareAndSet(WAITING, CLAIMED);
        }

        @Override
        public void run() {
            gang.work(this, startPhase);
        }
    }

    /** Current virtual time in milliseconds (inside a node's event, that node's partition's). */
    public long nowMs() {
        Partition p = current();
        return p == null ? nowMs : p.nowMs;
    }

    /**
     * What this run is (its configuration and seed, ideally the command that replays it), named by
     * the exception thrown when an event fails.
     */
    public void describeRun(String description) {
        this.run = description;
    }

    /**
     * Runs the nodes on {@code n} threads: one partition for one thread, else
     * {@link #SHARES_PER_THREAD} partitions per thread; only before any node's event is scheduled.
     * The figures do not change with {@code n}.
     */
    public void setPartitions(int n) {
        setPartitions(n == 1 ? 1 : n * SHARES_PER_THREAD, n);
    }

    /**
     * Splits the nodes into {@code partitions} partitions run by {@code threads} threads (see
     * {@link Gang} for which runs which); only before any node's event is scheduled. The figures do
     * not change with either.
     */
    public void setPartitions(int partitions, int threads) {
        if (partitions < 1 || threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + Math.min(partitions, threads));
        }
        for (Partition p : parts) {
            if (p.pending() > 0) {
                throw new IllegalStateException("partitions are set before any node's event is scheduled");
            }
        }
        parts = new Partition[partitions];
        for (int i = 0; i < partitions; i++) {
            parts[i] = new Partition(i, partitions);
        }
        this.threads = Math.min(threads, partitions);
    }

    public int partitions() {
        return parts.length;
    }

    /**
     * The longest window: the network's shortest one-way delay between two nodes (a message sent
     * in a window reaches another partition in a later one). Windows are the same whatever the
     * number of partitions.
     */
    void setLookaheadMs(long ms) {
        this.lookaheadMs = Math.max(1, ms);
    }

    /** The longest window (see {@link #setLookaheadMs}); a world event ends the window it falls in. */
    public long lookaheadMs() {
        return lookaheadMs;
    }

    /** Where each node's next count comes from (the world's nodes keep theirs). */
    void setCounts(IntToLongFunction nextCount) {
        this.nextCount = nextCount;
    }

    /** Events fired so far. */
    public long eventsFired() {
        long n = worldFired;
        for (Partition p : parts) {
            n += p.fired;
        }
        return n;
    }

    /** Events waiting in the queue. */
    public int pending() {
        int n = world.size();
        for (Partition p : parts) {
            n += p.pending();
        }
        return n;
    }

    /** Messages sent by the nodes (counted by {@link SimWorld}, per partition). */
    long messagesSent() {
        long n = 0;
        for (Partition p : parts) {
            n += p.messagesSent;
        }
        return n;
    }

    long bytesSent() {
        long n = 0;
        for (Partition p : parts) {
            n += p.bytesSent;
        }
        return n;
    }

    /**
     * The partition of node {@code owner}: nodes go in blocks of {@link #BLOCK} consecutive indices.
     * Nodes next to each other in index are next to each other in memory (created together, and
     * copied in the order of the world's list by the collector), so with one partition per index
     * two threads would keep writing into the same cache lines.
     */
    Partition partitionOf(int owner) {
        return parts[(owner >>> BLOCK_SHIFT) % parts.length];
    }

    /** Whether the caller runs inside a node's event (or an event it scheduled). */
    public boolean inNodeEvent() {
        return current() != null;
    }

    private Partition current() {
        if (Thread.currentThread() instanceof Worker w) {
            return w.running;
        }
        return coordinating;
    }

    /**
     * Schedules {@code e} at absolute virtual time {@code atMs} (never before now); {@code e} must
     * not be pending. From inside a node's event it is that node's event; otherwise the world's.
     */
    public void schedule(long atMs, SimEvent e) {
        checkUnqueued(e);
        Partition p = current();
        if (p == null) {
            if (inEffects && atMs < effectsFloorMs) {
                throw new IllegalStateException("an effect deferred by a node schedules an event of the world at " + atMs
                        + " ms, inside the window it was deferred in (which ends at " + effectsFloorMs + " ms)");
            }
            e.timeMs = Math.max(atMs, nowMs);
            e.key = nextSeq++;
            e.owner = -1;
            world.add(e);
        } else {
            int owner = p.owner;
            e.timeMs = Math.max(atMs, p.nowMs);
            e.key = key(owner, nextCount.applyAsLong(owner));
            e.owner = owner;
            p.insert(e);
        }
    }

    /**
     * Schedules {@code e}, handled by node {@code owner}, at {@code atMs} (never before now),
     * ordered at its instant after the events node {@code origin} scheduled before it.
     */
    void scheduleFor(int owner, long atMs, SimEvent e, int origin, long originCount) {
        checkUnqueued(e);
        Partition target = partitionOf(owner);
        Partition p = current();
        e.timeMs = Math.max(atMs, p == null ? nowMs : p.nowMs);
        e.key = key(origin, originCount);
        e.owner = owner;
        if (p == null || p == target) {
            target.insert(e);
        } else if (e.timeMs >= windowEndMs) {
            p.send(e, target.index, parity);
        } else {
            throw new IllegalStateException(String.format("%s for partition %d at %d ms, inside the window that ends at"
                    + " %d ms: the network's delay is shorter than the lookahead (%d ms)",
                    e.describe(), target.index, e.timeMs, windowEndMs, lookaheadMs));
        }
    }

    private static void checkUnqueued(SimEvent e) {
        if (e.key != SimEvent.UNQUEUED) {
            throw new IllegalStateException(e.describe() + " is already scheduled, at " + e.timeMs + " ms");
        }
    }

    private static long key(int origin, long count) {
        return ((long) (origin + 1) << ORIGIN_SHIFT) | count;
    }

    /** Schedules a plain action after {@code delayMs} (a node's if called from a node's event, else the world's). */
    public void after(long delayMs, Runnable action) {
        schedule(nowMs() + delayMs, new SimEvent() {
            @Override
            protected void fire() {
                action.run();
            }
        });
    }

    /**
     * Runs {@code effect} on the world: at once outside nodes' events, else after the current
     * window, in the order of (instant, node) of all partitions' effects, with {@link #nowMs} its
     * instant. An effect reads and writes the world's state; it may schedule the world's events
     * from the end of its window on (a retry a second later, say), and nothing for nodes.
     */
    public void defer(Runnable effect) {
        Partition p = current();
        if (p == null) {
            effect.run();
        } else {
            p.effects.add(new Partition.Effect(p.nowMs, p.owner, effect));
        }
    }

    /** Fires events in order until the queue is empty or the next event is after {@code untilMs}. */
    public void runUntil(long untilMs) {
        if (threads > 1 && gang == null) {
            gang = new Gang();
        }
        try {
            while (true) {
                long w = world.size() > 0 ? world.firstTimeMs() : Long.MAX_VALUE;
                long t = w;
                for (Partition p : parts) {
                    t = Math.min(t, p.nextAtLeastMs());
                }
                if (t > untilMs) {
                    break;
                }
                nowMs = t;
                if (w == t) {
                    fireWorldEventsAt(t);
                    continue;
                }
                long end = Math.min(Math.min(t + lookaheadMs, w), untilMs + 1);
                windowEndMs = end;
                parity ^= 1;
                if (gang == null) {
                    for (Partition p : parts) {
                        runPartition(p, end);
                    }
                } else {
                    gang.runWindow(end);
                }
                windowEndMs = Long.MIN_VALUE;
                afterWindow(end);
            }
        } finally {
            windowEndMs = Long.MIN_VALUE;
        }
        if (nowMs < untilMs) {
            nowMs = untilMs;
        }
        for (Partition p : parts) {
            if (p.nowMs < nowMs) {
                p.advanceTo(nowMs);
            }
        }
    }

    private void fireWorldEventsAt(long t) {
        for (Partition p : parts) {
            p.advanceTo(t);
        }
        while (world.size() > 0 && world.firstTimeMs() == t) {
            SimEvent e = world.poll();
            e.key = SimEvent.UNQUEUED;
            worldFired++;
            try {
                e.fire();
            } catch (SimulationException ex) {
                throw ex;
            } catch (RuntimeException | AssertionError ex) {
                throw failure(e, t, ex);
            }
        }
    }

    private void runPartition(Partition p, long end) {
        coordinating = p;
        try {
            p.runWindow(end, this, parts, parity);
        } finally {
            coordinating = null;
        }
    }

    /** Runs the window's effects in order (each partition takes the messages sent to it at the start of its next window). */
    private void afterWindow(long endMs) {
        List<Partition.Effect> effects = parts[0].effects;
        if (parts.length > 1) {
            effects = new ArrayList<>();
            for (Partition p : parts) {
                effects.addAll(p.effects);
                p.effects.clear();
            }
        }
        if (effects.isEmpty()) {
            return;
        }
        effects.sort(EFFECT_ORDER);
        long now = nowMs;
        inEffects = true;
        effectsFloorMs = endMs;
        try {
            for (Partition.Effect e : effects) {
                nowMs = e.timeMs();
                e.action().run();
            }
        } finally {
            inEffects = false;
            nowMs = now;
            effects.clear();
        }
    }

    /** The exception thrown for {@code ex} escaping {@code e} at {@code t}. */
    SimulationException failure(SimEvent e, long t, Throwable ex) {
        return new SimulationException(String.format("%s at %d ms (event #%d) failed: %s; in %s",
                e.describe(), t, eventsFired(), ex, run), ex);
    }

    /**
     * The threads of a run on several threads. Thread {@code t} (the calling thread is 0) owns the
     * partitions {@code t}, {@code t + threads}, and so on, and runs them first in each window, so a
     * partition's calendar and nodes stay in one core's cache; then it takes, last first, those of
     * other threads not started yet, so that a window's work evens out between threads. Threads
     * meet at the end of every window (a few hundred microseconds of work), waiting for each other
     * as {@link Backoff} says.
     */
    private final class Gang {
        /** Slots of {@link #taken} apart, so that two partitions' flags are never on one cache line. */
        private static final int PAD = 16;
        private final Worker[] workers = new Worker[threads - 1];
        /** Per partition (at {@code index * PAD}): 1 once a thread took it in the current window. */
        private final AtomicIntegerArray taken = new AtomicIntegerArray(parts.length * PAD);
        private final AtomicInteger done = new AtomicInteger();
        private volatile int phase;
        private volatile long end;
        /** The thread that calls {@link #runWindow}, and whether it parked waiting for the workers (the last one done wakes it). */
        private volatile Thread coordinator;
        private volatile boolean coordinatorParked;
        private final Backoff coordinatorBackoff = new Backoff();

        void work(Worker w, int startPhase) {
            int seen = startPhase;
            Backoff backoff = new Backoff();
            while (true) {
                backoff.reset();
                while (phase == seen) {
                    if (!backoff.idle()) {
                        continue;
                    }
                    w.parked = true;
                    if (phase == seen) {
                        LockSupport.parkNanos(this, Backoff.PARK_NS);
                    }
                    w.parked = false;
                    if (phase == seen && backoff.waitedNs() > RETIRE_NS
                            && w.state.compareAndSet(Worker.WAITING, Worker.RETIRED)) {
                        return;
                    }
                }
                seen = phase;
                runShare(w.share, w);
                w.state.set(Worker.WAITING);
                if (done.incrementAndGet() == workers.length && coordinatorParked) {
                    LockSupport.unpark(coordinator);
                }
            }
        }

        /** Runs share {@code t}'s partitions, then the others' not started yet, each one's last first. */
        private void runShare(int t, Worker w) {
            for (int i = t; i < parts.length; i += threads) {
                tryRun(i, w);
            }
            for (int k = 1; k < threads; k++) {
                int other = (t + k) % threads;
                for (int i = other + (parts.length - 1 - other) / threads * threads; i >= 0; i -= threads) {
                    tryRun(i, w);
                }
            }
        }

        private void tryRun(int i, Worker w) {
            if (taken.get(i * PAD) != 0 || !taken.compareAndSet(i * PAD, 0, 1)) {
                return;
            }
            Partition p = parts[i];
            try {
                if (w == null) {
                    runPartition(p, end);
                } else {
                    w.running = p;
                    try {
                        p.runWindow(end, Simulator.this, parts, parity);
                    } finally {
                        w.running = null;
                    }
                }
            } catch (RuntimeException | Error ex) {
                p.failure = ex instanceof RuntimeException r ? r : new SimulationException(ex.toString(), ex);
            }
        }

        void runWindow(long endMs) {
            done.set(0);
            end = endMs;
            for (int i = 0; i < parts.length; i++) {
                taken.setPlain(i * PAD, 0);
            }
            for (int i = 0; i < workers.length; i++) {
                if (workers[i] == null || !workers[i].claim()) {
                    workers[i] = new Worker(i + 1, this, phase);
                    workers[i].start();
                }
            }
            coordinator = Thread.currentThread();
            phase = phase + 1;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            runShare(0, null);
            coordinatorBackoff.reset();
            while (done.get() < workers.length) {
                if (!coordinatorBackoff.idle()) {
                    continue;
                }
                coordinatorParked = true;
                if (done.get() < workers.length) {
                    LockSupport.parkNanos(this, Backoff.PARK_NS);
                }
                coordinatorParked = false;
            }
            for (Partition p : parts) {
                if (p.failure != null) {
                    RuntimeException f = p.failure;
                    p.failure = null;
                    throw f;
                }
            }
        }
    }
}
