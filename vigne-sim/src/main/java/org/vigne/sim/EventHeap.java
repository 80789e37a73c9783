package org.vigne.sim;

import java.util.Arrays;

/**
 * A binary heap of events ordered by (time, key), whose keys live in primitive arrays
 * beside the events, so that sifting compares contiguous numbers instead of chasing pointers. The
 * {@link Simulator} keeps here the world's events, and each {@link Partition} the events too far
 * ahead for its calendar of buckets.
 */
final class EventHeap {
    private long[] times = new long[1 << 8];
    private long[] keys = new long[1 << 8];
    private SimEvent[] events = new SimEvent[1 << 8];
    private int size;

    int size() {
        return size;
    }

    /** Time of the first event; the heap must not be empty. */
    long firstTimeMs() {
        return times[0];
    }

    /** Adds {@code e} under its {@code timeMs} and {@code key}. */
    void add(SimEvent e) {
        long t = e.timeMs;
        long s = e.key;
        if (size == events.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            keys = Arrays.copyOf(keys, n);
            events = Arrays.copyOf(events, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = times[parent];
            if (pt < t || (pt == t && keys[parent] < s)) {
                break;
            }
            times[i] = pt;
            keys[i] = keys[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = t;
        keys[i] = s;
        events[i] = e;
    }

    /** Removes and returns the first event; the heap must not be empty. */
    SimEvent poll() {
        SimEvent top = events[0];
        int last = --size;
        long lt = times[last];
        long ls = keys[last];
        SimEvent le = events[last];
        events[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && (times[right] < times[child]
                        || (times[right] == times[child] && keys[right] < keys[child]))) {
                    child = right;
                }
                long ct = times[child];
                if (ct > lt || (ct == lt && keys[child] > ls)) {
                    break;
                }
                times[i] = ct;
                keys[i] = keys[child];
                events[i] = events[child];
                i = child;
            }
            times[i] = lt;
            keys[i] = ls;
            events[i] = le;
        }
        return top;
    }
}
