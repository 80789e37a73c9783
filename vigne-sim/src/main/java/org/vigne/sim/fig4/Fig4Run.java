package org.vigne.sim.fig4;

import org.vigne.sim.data.DataExperiment;

/**
 * One simulation of the {@code paper-fig4} sweep: which panel it feeds, the curve it belongs to
 * (the protocol), its value on the panel's x axis, and the experiment's configuration, which with
 * its seed fixes every simulated figure.
 *
 * @param panel  the panel's file name stem: {@code fig4}, {@code ext-writers}, {@code ext-loss}...
 * @param x      the x value as written in the CSV and on a category axis ({@code 400}, {@code exp:5m})
 * @param xValue the x value on a numeric axis
 */
public record Fig4Run(String panel, String x, double xValue, DataExperiment.Config config) {
    /** Expected cost, in components x loops, for the estimate of the time left. */
    long weight() {
        return (long) (config.readers() + config.writers()) * Math.max(1, config.loops()) + RING_WEIGHT;
    }

    /** Building a ring costs about as much as this many component-loops (measured on 2,000 nodes). */
    private static final long RING_WEIGHT = 15_000;

    String protocol() {
        return config.protocol().specName();
    }

    /** A short name for progress lines. */
    String describe() {
        return String.format("%s %s=%s (%d writers, %d readers, churn %s, loss %s, r=%d)", protocol(), panel, x,
                config.writers(), config.readers(), config.churn(), config.loss(), config.managerReplicas());
    }
}
