package org.vigne.cli;

import picocli.CommandLine.Option;

/** The options every simulated experiment shares: the ring, its churn and network faults, the seed, the output. */
final class RingOptions {
    @Option(names = "--nodes", description = "live nodes at the start (default ${DEFAULT-VALUE})", defaultValue = "1000")
    int nodes;

    @Option(names = "--duration", description = "simulated time measured once the ring is built: 90s, 30m, 2h (default ${DEFAULT-VALUE})",
            defaultValue = "30m", converter = DurationConverter.class)
    long durationMs;

    @Option(names = "--churn", description = "none, gnutella, exp:MEDIAN (e.g. exp:1.4m) or trace:FILE (default ${DEFAULT-VALUE})",
            defaultValue = "none")
    String churn;

    @Option(names = "--loss", description = "probability a message is lost (default ${DEFAULT-VALUE})", defaultValue = "0")
    double loss;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--leaf-set", description = "leaf-set size L (default ${DEFAULT-VALUE})", defaultValue = "16")
    int leafSet;

    @Option(names = "--leave-fraction", description = "share of departures that are graceful leaves (default ${DEFAULT-VALUE})",
            defaultValue = "0.2")
    double leaveFraction;

    @Option(names = "--duplication", description = "probability a message is delivered twice (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    double duplication;

    @Option(names = "--no-reordering", description = "no latency jitter: every pair of nodes is FIFO")
    boolean noReordering;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;
}
