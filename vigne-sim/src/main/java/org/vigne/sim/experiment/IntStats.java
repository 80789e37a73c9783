package org.vigne.sim.experiment;

import java.util.Arrays;

/**
 * Mean and percentiles of non-negative whole numbers (hops, milliseconds), kept as a count per
 * value: its memory follows the largest value, not the number of values, so a long run with
 * hundreds of thousands of lookups costs no more than a short one. Gives exactly what
 * {@link Stats} gives for the same numbers.
 */
final class IntStats {
    private long[] counts = new long[64];
    private long size;
    private long sum;

    void add(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value " + v);
        }
        if (v >= counts.length) {
            counts = Arrays.copyOf(counts, (int) Math.max(v + 1, counts.length * 2L));
        }
        counts[(int) v]++;
        size++;
        sum += v;
    }

    long count() {
        return size;
    }

    double mean() {
        return size == 0 ? 0 : (double) sum / size;
    }

    /** The {@code q}-quantile (0..1), nearest rank, as {@link Stats#quantile}. */
    double quantile(double q) {
        if (size == 0) {
            return 0;
        }
        long rank = Math.max(0, Math.min(size - 1, (long) Math.ceil(q * size) - 1));
        long seen = 0;
        for (int v = 0; v < counts.length; v++) {
            seen += counts[v];
            if (seen > rank) {
                return v;
            }
        }
        throw new IllegalStateException("counts do not add up to " + size);
    }
}
