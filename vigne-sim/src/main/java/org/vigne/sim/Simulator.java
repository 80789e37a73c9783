package org.vigne.sim;

import java.util.Arrays;

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
 * few seconds ahead at most, so scheduling one appends it to its instant's array and firing one
 * takes the next of the current array, in constant time, where a heap of a million pending events
 * pays twenty levels of cache misses. A bucket is an array rather than a list linked through the
 * events: appending then writes next to the bucket's last append instead of into the last event
 * scheduled at that instant, long out of the cache in a large run. Events farther ahead wait in
 * an {@link EventHeap} and move into their bucket, in order, as soon as their instant comes within
 * the calendar's reach, before anything can be scheduled at that instant directly: every bucket is
 * then in sequence order, and events fire in exactly the (time, sequence) order a single heap gives.
 */
public final class Simulator {
    /** The calendar's reach, in milliseconds (a power of two). */
    static final int BUCKETS = 1 << 12;
    private static final int MASK = BUCKETS - 1;
    private static final int MIN_BUCKET = 8;
    private static final int SHRINK_ABOVE = 64;
    /** The events of each instant in [now, now + BUCKETS), in sequence order; null until first used. */
    private final SimEvent[][] buckets = new SimEvent[BUCKETS][];
    /** Per bucket: the position of its next event to fire, and one past its last event. */
    private final int[] firsts = new int[BUCKETS];
    private final int[] ends = new int[BUCKETS];
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
        SimEvent[] events = buckets[b];
        int end = ends[b];
        if (events == null) {
            events = new SimEvent[MIN_BUCKET];
            buckets[b] = events;
        } else if (end == events.length) {
            events = Arrays.copyOf(events, end * 2);
            buckets[b] = events;
        }
        events[end] = e;
        ends[b] = end + 1;
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
            while (firsts[(int) (t & MASK)] == ends[(int) (t & MASK)]) {
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

    /** Takes the first event of the current instant's bucket, which must not be empty. */
    private SimEvent takeFirst() {
        int b = (int) (nowMs & MASK);
        SimEvent[] events = buckets[b];
        int first = firsts[b];
        SimEvent e = events[first];
        events[first] = null;
        if (first + 1 == ends[b]) {
            firsts[b] = 0;
            ends[b] = 0;
            if (events.length > SHRINK_ABOVE && first < events.length / 4) {
                // A burst (a ring being built) grew it: do not hold its high-water mark for ever.
                buckets[b] = new SimEvent[events.length / 2];
            }
        } else {
            firsts[b] = first + 1;
        }
        e.seq = SimEvent.UNQUEUED;
        near--;
        return e;
    }
}
