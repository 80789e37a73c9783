package org.vigne.sim.experiment;

import java.util.Arrays;

/** Mean and percentiles of a growing series of numbers. */
public final class Stats {
    private double[] values = new double[1024];
    private int size;

    public void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    /** Adds every value of {@code other}. */
    public void addAll(Stats other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    public int count() {
        return size;
    }

    public double mean() {
        if (size == 0) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
        }
        return s / size;
    }

    /** The {@code q}-quantile (0..1), nearest rank. */
    public double quantile(double q) {
        if (size == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))];
    }
}
