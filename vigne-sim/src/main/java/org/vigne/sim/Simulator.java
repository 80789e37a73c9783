package org.vigne.sim;

/**
 * The discrete-event engine: one thread, one priority queue ordered by (time, sequence number),
 * virtual milliseconds. Two events at the same instant fire in the order they were scheduled, so
 * a run is a pure function of its configuration and seed.
 *
 * <p>An exception escaping an event (a protocol handler, a timer, a test's callback) is rethrown
 * as a {@link SimulationException} naming the event, the virtual time and the run's description
 * ({@link #describeRun}), so a crash deep in a handler still says which seed replays it.
 *
 * <p>The queue is a calendar of one-millisecond buckets (Brown's calendar queue, with a bucket per
 * instant of the next {@link #BUCKETS} ms): almost every event is a message delivery or a timer a
 * few seconds ahead at most, so scheduling one appends it to its instant's list and firing one
 * takes the head of the current list, in constant time, where a heap of a million pending events
 * pays twenty levels of cache misses. Events farther ahead wait in an {@link EventHeap} and move
 * into their bucket, in order, as soon as their instant comes within the calendar's reach, before
 * anything can be scheduled at that instant directly: every list is then in sequence order, and
 * events fire in exactly the (time, sequence) order a single heap gives.
 */
public final class Simulator {
    /** The calendar's reach, in milliseconds (a power of two). */
    static final int BUCKETS = 1 << 12;
    private static final int MASK = BUCKETS - 1;
    /** First and last event of each instant in [now, now + BUCKETS), linked through {@link SimEvent#next}. */
    private final SimEvent[] heads = new SimEvent[BUCKETS];
    private final SimEvent[] tails = new SimEvent[BUCKETS];
    /** Events in the calendar. */
    private int near;
    /** Events at or after now + BUCKETS. */
    private final EventHeap far = new EventHeap();
    private long nowMs;
    private long nextSeq;
    private long fired;
    private String run = "an unnamed run";

    /** Current virtual time in milliseconds. */
    public long nowMs() {
        return nowMs;
    }

    /**
     * What this run is (its configuration and seed, ideally the command that replays it), named by
     * the exception thrown when an event fails.
     */
    public void describeRun(String description) {
        this.run = description;
    }

    /** Events fired so far. */
    public long eventsFired() {
        return fired;
    }

    /** Events waiting in the queue. */
    public int pending() {
        return near + far.size();
    }

    /** Schedules {@code e} at absolute virtual time {@code atMs} (never before now); {@code e} must not be pending. */
    public void schedule(long atMs, SimEvent e) {
        if (e.seq != SimEvent.UNQUEUED) {
            throw new IllegalStateException(e.describe() + " is already scheduled, at " + e.timeMs + " ms");
        }
        long t = Math.max(atMs, nowMs);
        e.timeMs = t;
        e.seq = nextSeq++;
        if (t - nowMs < BUCKETS) {
            append(e);
        } else {
            far.add(e);
        }
    }

    private void append(SimEvent e) {
        int b = (int) (e.timeMs & MASK);
        e.next = null;
        if (tails[b] == null) {
            heads[b] = e;
        } else {
            tails[b].next = e;
        }
        tails[b] = e;
        near++;
    }

    /** Schedules a plain action after {@code delayMs}. */
    public void after(long delayMs, Runnable action) {
        schedule(nowMs + delayMs, new SimEvent() {
            @Override
            protected void fire() {
                action.run();
            }
        });
    }

    /** Fires events in order until the queue is empty or the next event is after {@code untilMs}. */
    public void runUntil(long untilMs) {
        long t;
        while ((t = nextTimeMs()) <= untilMs) {
            advanceTo(t);
            SimEvent e = takeFirst();
            fired++;
            try {
                e.fire();
            } catch (SimulationException ex) {
                throw ex;
            } catch (RuntimeException | AssertionError ex) {
                throw new SimulationException(String.format("%s at %d ms (event #%d) failed: %s; in %s",
                        e.describe(), nowMs, fired, ex, run), ex);
            }
        }
        if (nowMs < untilMs) {
            advanceTo(untilMs);
        }
    }

    /** Time of the next event, or {@code Long.MAX_VALUE} when none is pending. */
    private long nextTimeMs() {
        if (near > 0) {
            long t = nowMs;
            while (heads[(int) (t & MASK)] == null) {
                t++;
            }
            return t;
        }
        return far.size() > 0 ? far.firstTimeMs() : Long.MAX_VALUE;
    }

    /** Moves now to {@code t}, bringing the far events that come within the calendar's reach into it. */
    private void advanceTo(long t) {
        if (t == nowMs) {
            return;
        }
        nowMs = t;
        while (far.size() > 0 && far.firstTimeMs() - t < BUCKETS) {
            append(far.poll());
        }
    }

    /** Takes the first event of the current instant's list, which must not be empty. */
    private SimEvent takeFirst() {
        int b = (int) (nowMs & MASK);
        SimEvent e = heads[b];
        heads[b] = e.next;
        if (e.next == null) {
            tails[b] = null;
        }
        e.next = null;
        e.seq = SimEvent.UNQUEUED;
        near--;
        return e;
    }
}
