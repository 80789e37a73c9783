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
 * <p>The queue is a binary heap whose keys live in primitive arrays beside the events, so that
 * sifting compares contiguous numbers instead of chasing pointers: millions of events per second.
 */
public final class Simulator {
    private long[] times = new long[1 << 12];
    private long[] seqs = new long[1 << 12];
    private SimEvent[] events = new SimEvent[1 << 12];
    private int size;
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
        return size;
    }

    /** Schedules {@code e} at absolute virtual time {@code atMs} (never before now). */
    public void schedule(long atMs, SimEvent e) {
        long t = Math.max(atMs, nowMs);
        long s = nextSeq++;
        e.timeMs = t;
        e.seq = s;
        if (size == events.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            seqs = Arrays.copyOf(seqs, n);
            events = Arrays.copyOf(events, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = times[parent];
            if (pt < t || (pt == t && seqs[parent] < s)) {
                break;
            }
            times[i] = pt;
            seqs[i] = seqs[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = t;
        seqs[i] = s;
        events[i] = e;
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
        while (size > 0 && times[0] <= untilMs) {
            nowMs = times[0];
            SimEvent e = poll();
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
            nowMs = untilMs;
        }
    }

    private SimEvent poll() {
        SimEvent top = events[0];
        int last = --size;
        long lt = times[last];
        long ls = seqs[last];
        SimEvent le = events[last];
        events[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && (times[right] < times[child]
                        || (times[right] == times[child] && seqs[right] < seqs[child]))) {
                    child = right;
                }
                long ct = times[child];
                if (ct > lt || (ct == lt && seqs[child] > ls)) {
                    break;
                }
                times[i] = ct;
                seqs[i] = seqs[child];
                events[i] = events[child];
                i = child;
            }
            times[i] = lt;
            seqs[i] = ls;
            events[i] = le;
        }
        return top;
    }
}
