package org.vigne.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigne.gcs.GcsConfig;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.gcs.GcsRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne sim gcs}: many small replicated groups under churn, with an invariant checker watching every apply. */
@Command(name = "gcs", mixinStandardHelpOptions = true,
        description = "Build a ring of N nodes, create G groups of R replicas, then submit commands to them under churn,"
                + " checking agreement, gaps, duplicates, acknowledged commands and leaders on every apply.")
final class SimGcsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RingOptions ring;

    @Option(names = "--groups", description = "groups created once the ring has converged (default ${DEFAULT-VALUE})",
            defaultValue = "1000")
    int groups;

    @Option(names = "--replicas", description = "replicas per group, the degree of its DHT (default ${DEFAULT-VALUE})",
            defaultValue = "5")
    int replicas;

    @Option(names = "--commands", description = "commands per group per simulated minute (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    double commands;

    @Option(names = "--idle-fraction", description = "share of groups that get no command after creation (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    double idleFraction;

    @Option(names = "--seeds", description = "run this many consecutive seeds from --seed and add up the figures (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    int seeds;

    @Option(names = "--settle", description = "simulated time between the groups' creation and the measured window"
            + " (default: --quiesce-after plus 30s, so groups that get no command are quiet when it starts)",
            converter = DurationConverter.class)
    Long settleMs;

    @Option(names = "--quiesce-after", description = "time without commands after which a group goes quiet (default ${DEFAULT-VALUE})",
            defaultValue = "2m", converter = DurationConverter.class)
    long quiesceAfterMs;

    @Option(names = "--recovery-grace", description = "wait before survivors rebuild a group that lost its majority (default ${DEFAULT-VALUE})",
            defaultValue = "20s", converter = DurationConverter.class)
    long recoveryGraceMs;

    @Option(names = "--command-bytes", description = "size of every command (default ${DEFAULT-VALUE})", defaultValue = "64")
    int commandBytes;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "threads that run the nodes' events (the figures are the same for any number;"
                    + " default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--apply-log", description = "write every apply and acknowledgement as JSON lines to this file")
    Path applyLog;

    @Override
    public Integer call() {
        ChurnModel.parse(ring.churn);
        if (ring.noReordering) {
            throw new IllegalArgumentException("--no-reordering is not supported by 'sim gcs' (its network always has jitter)");
        }
        int quiesceTicks = (int) Math.max(1, quiesceAfterMs / GcsConfig.defaults().tickMs());
        long settle = settleMs != null ? settleMs : quiesceAfterMs + 30_000;
        GcsRun.Config c = new GcsRun.Config(ring.nodes, ring.durationMs, ring.churn, ring.loss, ring.duplication, ring.seed,
                ring.leafSet, ring.leaveFraction, groups, replicas, commands, idleFraction, seeds, settle, quiesceTicks,
                recoveryGraceMs, commandBytes);
        GcsRun.Result r = GcsRun.run(c, new Progress(System.err, 5000), applyLog, threads);
        PrintWriter out = spec.commandLine().getOut();
        if (ring.json) {
            out.println(Json.line(r));
        } else {
            print(out, r);
        }
        out.flush();
        if (r.violations() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("vigne: " + r.violations() + " invariant violations, first: " + r.firstViolations());
            err.println("replay with: " + GcsRun.replay(c, r.failedSeeds().get(0), applyLog));
            err.flush();
            return 3;
        }
        return 0;
    }

    private static void print(PrintWriter out, GcsRun.Result r) {
        out.printf("gcs: %d nodes, churn %s, loss %.3f, seed %d (%d seeds), %d groups of %d, %.2f commands/min, %.0f%% idle%s%n",
                r.nodes(), r.churn(), r.loss(), r.seed(), r.seeds(), r.groups(), r.replicas(), r.commandsPerMinute(),
                100 * r.idleFraction(), r.converged() ? "" : " -- ring NOT converged");
        out.printf("  commands %d, acknowledged %d (%.5f), failed %d, lost %d (in rebuilds %d, gone groups %d, not held %d)%n",
                r.commandsSubmitted(), r.commandsAcked(), r.ackedRatio(), r.commandsFailed(), r.commandsLost(),
                r.commandsLostInRecoveries(), r.commandsLostInGoneGroups(), r.commandsNotHeld());
        out.printf("  violations %d, duplicate applies %d; majority losses %d, rebuilds %d, groups gone %d%n",
                r.violations(), r.duplicateApplies(), r.majorityLosses(), r.recoveries(), r.groupsGone());
        out.printf("  commit latency mean %.0f ms p99 %.0f ms; leader changes %d, failovers %d (median %.0f ms, p99 %.0f ms, %d unresolved)%n",
                r.meanCommitLatencyMs(), r.p99CommitLatencyMs(), r.leaderChanges(), r.failovers(), r.medianFailoverMs(),
                r.p99FailoverMs(), r.failoversUnresolved());
        out.printf("  %.1f messages per commit; groups %.1f B/s per node, overlay and DHT maintenance %.1f B/s per node%n",
                r.messagesPerCommit(), r.gcsBytesPerNodePerSec(), r.maintenanceBytesPerNodePerSec());
        out.printf("  joins %d, crashes %d, leaves %d, mean live %.0f; %d events in %.1f s wall%n", r.joins(), r.crashes(),
                r.leaves(), r.meanLiveNodes(), r.events(), r.wallSeconds());
    }
}
