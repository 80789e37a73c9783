package org.vigne.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.data.DataExperiment;
import org.vigne.sim.experiment.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne sim data}: the paper's shared-object application over STAT or DYN, under churn and loss. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Build a ring of N nodes, then run W writers and R readers sharing one object for L loops"
                + " (write, barrier, read, barrier; checkpoint before each loop; restart on failure), and check"
                + " every history for linearizability and every barrier wait.")
final class SimDataCommand implements Callable<Integer> {
    /** Simulated-time limit when --duration is not given: long enough for any run to finish its loops. */
    static final long DEFAULT_LIMIT_MS = 24 * 3_600_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    RingOptions ring;

    @Option(names = "--protocol", description = "consistency protocol: stat or dyn (default ${DEFAULT-VALUE})",
            defaultValue = "dyn")
    String protocol;

    @Option(names = "--readers", description = "reader components (default ${DEFAULT-VALUE})", defaultValue = "20")
    int readers;

    @Option(names = "--writers", description = "writer components (default ${DEFAULT-VALUE})", defaultValue = "1")
    int writers;

    @Option(names = "--loops", description = "loops every component runs (default ${DEFAULT-VALUE})", defaultValue = "1000")
    int loops;

    @Option(names = "--policy", description = "on a failed component: restart (from the last checkpoint) or none"
            + " (the run stops) (default ${DEFAULT-VALUE})", defaultValue = "restart")
    String policy;

    @Mixin
    CheckpointCostOption checkpoint;

    @Option(names = "--manager-replicas", description = "replication degree of the object managers' DHT (default ${DEFAULT-VALUE})",
            defaultValue = "3")
    int managerReplicas;

    @Option(names = "--sync-replicas", description = "replicas of the application's sync group (default ${DEFAULT-VALUE})",
            defaultValue = "5")
    int syncReplicas;

    @Option(names = "--history", description = "write every access as JSON lines to FILE")
    Path historyFile;

    @Override
    public Integer call() throws IOException {
        ChurnModel.parse(ring.churn);
        ConsistencyProtocol p = ConsistencyProtocol.parse(protocol);
        if (!policy.equals("restart") && !policy.equals("none")) {
            throw new IllegalArgumentException("unknown policy \"" + policy + "\": use restart or none");
        }
        boolean limitGiven = spec.commandLine().getParseResult().hasMatchedOption("--duration");
        DataExperiment.Config config = new DataExperiment.Config(ring.nodes, ring.churn, ring.loss, ring.duplication,
                !ring.noReordering, ring.seed, ring.leafSet, ring.leaveFraction, p, readers, writers, loops,
                policy.equals("restart"), limitGiven ? ring.durationMs : DEFAULT_LIMIT_MS,
                checkpoint.checkpointCostMs, managerReplicas, syncReplicas);
        Writer history = historyFile == null ? null : openHistory(historyFile);
        DataExperiment experiment = new DataExperiment(config, new Progress(System.err, 5000));
        DataExperiment.Result r;
        try (Writer w = history) {
            r = experiment.run();
            if (w != null) {
                experiment.history().writeJsonLines(w);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (ring.json) {
            out.println(Json.line(r));
        } else {
            print(out, r);
        }
        out.flush();
        return 0;
    }

    /** Opens the history file before the run, so a bad path fails at once rather than after the simulation. */
    private static Writer openHistory(Path file) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure("cannot write the history to " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such directory" : e.getMessage()));
        }
    }

    private static void print(PrintWriter out, DataExperiment.Result r) {
        out.printf("data: %s, %d nodes, churn %s, loss %.3f, seed %d, %d writers + %d readers%s%n", r.protocol(),
                r.nodes(), r.churn(), r.loss(), r.seed(), r.writers(), r.readers(),
                r.converged() ? "" : " -- ring NOT converged");
        out.printf("  loops %d/%d%s in %.1f simulated s; restarts %d, failures injected %d%n", r.loopsCompleted(),
                r.loops(), r.completed() ? "" : " (NOT completed)", r.simulatedSeconds(), r.restarts(),
                r.failuresInjected());
        out.printf("  accesses %d, latency mean %.0f ms p99 %.0f ms; messages per access %.2f, routed %.3f (%.2f hops)%n",
                r.accesses(), r.meanAccessLatencyMs(), r.p99AccessLatencyMs(), r.messagesPerAccess(),
                r.routedMessagesPerAccess(), r.routeHopsPerAccess());
        out.printf("  history %d operations, %d objects x epochs checked, %d not linearizable, %d undecided%n",
                r.historyOps(), r.checkedHistories(), r.linearizabilityViolations(), r.linearizabilityUnknown());
        for (String v : r.violations()) {
            out.printf("  %s%n", v.replace("\n", "\n  "));
        }
        out.printf("  barriers: %d episodes, latency mean %.0f ms p99 %.0f ms; %.1f sync messages per episode,"
                        + " %d commands (%.1f operations each), %d retries; %d violations, %d errors%n",
                r.barrierEpisodes(), r.meanBarrierLatencyMs(), r.p99BarrierLatencyMs(), r.syncMessagesPerEpisode(),
                r.syncCommands(), r.syncOpsPerCommand(), r.syncRetries(), r.barrierViolations(), r.syncErrors());
        for (String v : r.syncViolations()) {
            out.printf("  %s%n", v);
        }
        out.printf("  max entries per copy %d, max manager records per node %d; %d events in %.1f s wall%n",
                r.maxCopyEntries(), r.maxManagerRecords(), r.events(), r.wallSeconds());
    }
}
