package org.vigne.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigne.cli.bench.BenchGrid;
import org.vigne.cli.bench.CounterResult;
import org.vigne.cli.bench.CounterRun;
import org.vigne.net.node.DataDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigne bench objects}: shared objects on a local grid, used by real component processes
 * through the Java client: compare-and-set increments of one counter by every component (final
 * value against acknowledged increments, throughput, p50/p99), then reads of a valid local copy.
 */
@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "Shared objects on a local grid: components (JVMs using the Java client), one per node, increment one"
                + " counter by compare-and-set, then time reads of their valid local copy.")
final class BenchObjectsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", description = "nodes of the grid (default ${DEFAULT-VALUE})", defaultValue = "8")
    int nodes;

    @Option(names = "--components", description = "components, one per node (default: as many as nodes)")
    Integer components;

    @Option(names = "--increments", description = "compare-and-set increments per component (default ${DEFAULT-VALUE})",
            defaultValue = "200")
    int increments;

    @Option(names = "--reads", description = "reads of the valid local copy per component (default ${DEFAULT-VALUE})",
            defaultValue = "5000")
    int reads;

    @Option(names = "--protocol", description = "stat or dyn (default ${DEFAULT-VALUE})", defaultValue = "dyn")
    String protocol;

    @Option(names = "--net-threads", description = "event loop threads of the grid, 0 for one fewer than the cores, at least one (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    int netThreads;

    @Option(names = "--lease-ms", description = "lease of the components' near copies; 0: every read asks the node"
            + " (default ${DEFAULT-VALUE})", defaultValue = "1500")
    long leaseMs;

    @Option(names = "--json", description = "print the figures as one JSON object")
    boolean json;

    @Override
    public Integer call() throws BindException, InterruptedException {
        int k = components == null ? nodes : components;
        if (k < 1 || k > nodes || increments < 1 || reads < 1) {
            throw new CliFailure("--components is 1 to --nodes, --increments and --reads at least 1");
        }
        if (!protocol.equals("stat") && !protocol.equals("dyn")) {
            throw new CliFailure("--protocol is stat or dyn, got '" + protocol + "'");
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        CounterResult r;
        String state;
        try (BenchGrid grid = BenchGrid.start(nodes, netThreads, leaseMs)) {
            String token = DataDir.readControlToken(grid.grid().stateDir().resolve("node-0"))
                    .orElseThrow(() -> new CliFailure("node-0 of the benchmark grid has no control token"));
            ControlClient client = new ControlClient(grid.grid().controlAddresses().get(0), token, "the benchmark grid");
            CounterRun run = new CounterRun(k, increments, reads, Runtime.getRuntime().availableProcessors(), protocol);
            String id = run.submit(client);
            state = CounterRun.awaitEnd(client, id, 600_000);
            if (!state.equals("COMPLETED")) {
                throw new CliFailure("the counter application " + id + " ended " + state);
            }
            r = run.collect(client, id);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("nodes", nodes);
            all.put("leaseMs", leaseMs);
            all.putAll(JSON.convertValue(r, new TypeReference<Map<String, Object>>() { }));
            all.put("consistent", r.consistent());
            all.put("loadAverageBefore", loadBefore);
            all.put("loadAverageAfter", loadAfter);
            out.println(Json.line(all));
        } else {
            out.printf("%d nodes, %d components, %s, lease %d ms: %d acknowledged increments, final value %d (%s)%n", nodes, k, protocol, leaseMs,
                    r.acknowledged(), r.finalValue(), r.consistent() ? "consistent" : "INCONSISTENT");
            out.printf("  increments  %8.0f /s  p50 %8.0f us  p99 %8.0f us%n", r.casPerSecond(), r.incrementP50Us(),
                    r.incrementP99Us());
            out.printf("  local reads %8d     p50 %8.1f us  p99 %8.1f us%n", r.reads(), r.readP50Us(), r.readP99Us());
            out.printf("  load average %.2f before, %.2f after%n", loadBefore, loadAfter);
        }
        out.flush();
        return r.consistent() ? 0 : 1;
    }
}
