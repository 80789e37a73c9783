package org.vigne.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The options every benchmark on a local grid takes: operations per phase, client threads, event loops, JSON. */
final class BenchOptions {
    @Option(names = "--ops", description = "operations (commands) per phase (default ${DEFAULT-VALUE})", defaultValue = "20000")
    int ops;

    @Option(names = "--threads", split = ",", description = "client thread counts (default ${DEFAULT-VALUE})", defaultValue = "1,8")
    List<Integer> threads;

    @Option(names = "--net-threads", description = "event loop threads of the grid, 0 for one fewer than the cores, at least one (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    int netThreads;

    @Option(names = "--json", description = "print the figures as one JSON object")
    boolean json;
}
