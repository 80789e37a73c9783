package org.vigne.cli.bench;

import java.util.Arrays;

/** The latencies of one client thread, in nanoseconds; merged and summarised after a phase. */
final class Latencies {
    private long[] nanos;
    private int size;

    Latencies(int capacity) {
        nanos = new long[Math.max(16, capacity)];
    }

    void add(long ns) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = ns;
    }

    int size() {
        return size;
    }

    /** All samples of {@code parts}, sorted. */
    static long[] merged(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies l : parts) {
            total += l.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (Latencies l : parts) {
            System.arraycopy(l.nanos, 0, all, at, l.size);
            at += l.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The {@code q}-quantile (0..1) of sorted samples, in microseconds. */
    static double quantileUs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1000.0;
    }
}
