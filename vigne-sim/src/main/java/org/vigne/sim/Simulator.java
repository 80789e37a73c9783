package org.vigne.sim;

import java.util.Arrays;

/**
 * The discrete-event engine: one thread, one priority queue ordered by (time, sequence number),
 * virtual milliseconds. Two events at the same instant fire in the order they were scheduled, so
 * a run is a pure function of its configuration and seed.
 *
 * <p>The queue is a binary heap over an array, to keep millions of events per second cheap.
 */
public final class Simulator {
    private SimEvent[] heap = new SimEvent[1 << 12];
    private int size;
    private long nowMs;
    private long nextSeq;
    private long fired;

    /** Current virtual time in milliseconds. */
    public long nowMs() {
        return nowMs;
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
        e.timeMs = Math.max(atMs, nowMs);
        e.seq = nextSeq++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            SimEvent p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
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

    private static boolean before(SimEvent a, SimEvent b) {
        return a.timeMs < b.timeMs || (a.timeMs == b.timeMs && a.seq < b.seq);
    }

    /** Fires events in order until the queue is empty or the next event is after {@code untilMs}. */
    public void runUntil(long untilMs) {
        while (size > 0 && heap[0].timeMs <= untilMs) {
            SimEvent e = poll();
            nowMs = e.timeMs;
            fired++;
            e.fire();
        }
        if (nowMs < untilMs) {
            nowMs = untilMs;
        }
    }

    private SimEvent poll() {
        SimEvent top = heap[0];
        SimEvent last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                SimEvent c = heap[child];
                int right = child + 1;
                if (right < size && before(heap[right], c)) {
                    child = right;
                    c = heap[child];
                }
                if (!before(c, last)) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }
}
