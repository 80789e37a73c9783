package org.vigne.sim.gcs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vigne.gcs.GcsConfig;
import org.vigne.sim.experiment.Progress;

/**
 * {@code vigne sim gcs}: its configuration, its figures, and the runs of one or more consecutive
 * seeds (figures added up, latencies pooled), see {@link GcsExperiment}.
 */
public final class GcsRun {
    /** The experiment's parameters; {@code (config, seed)} determines every simulated figure. */
    public record Config(int nodes, long durationMs, String churn, double loss, double duplication, long seed,
                         int leafSetSize, double leaveFraction, int groups, int replicas, double commandsPerMinute,
                         double idleFraction, int seeds, long settleMs, int quiesceAfterTicks, long recoveryGraceMs,
                         int commandBytes) {
        public Config {
            if (nodes < 1 || groups < 0 || seeds < 1) {
                throw new IllegalArgumentException("--nodes and --seeds must be at least 1, --groups at least 0");
            }
            if (durationMs <= 0 || settleMs < 0 || recoveryGraceMs < 0 || quiesceAfterTicks < 1) {
                throw new IllegalArgumentException("--duration, --settle, --quiesce-after and --recovery-grace must be positive");
            }
            if (!(loss >= 0 && loss < 1) || !(duplication >= 0 && duplication < 1)) {
                throw new IllegalArgumentException("--loss and --duplication must be in [0, 1)");
            }
            if (replicas < 1 || replicas > leafSetSize / 2 + 1) {
                throw new IllegalArgumentException("--replicas must be in 1.." + (leafSetSize / 2 + 1) + ", got " + replicas);
            }
            if (!(commandsPerMinute >= 0) || !(idleFraction >= 0 && idleFraction <= 1)) {
                throw new IllegalArgumentException("--commands must be at least 0 and --idle-fraction in [0, 1]");
            }
            if (commandBytes < 34 || commandBytes > GcsConfig.defaults().maxCommandBytes()) {
                throw new IllegalArgumentException("--command-bytes must be in 34.." + GcsConfig.defaults().maxCommandBytes());
            }
        }

        public static Config defaults() {
            GcsConfig gc = GcsConfig.defaults();
            return new Config(1000, 30 * 60_000, "none", 0, 0, 1, 16, 0.2, 1000, 5, 1, 0, 1,
                    gc.quiesceAfterTicks() * gc.tickMs() + 30_000, gc.quiesceAfterTicks(), gc.recoveryGraceMs(), 64);
        }
    }

    /** The figures of a run (summed over its seeds). */
    public record Result(int nodes, long seed, int seeds, String churn, double loss, double duplication, int groups,
                         int replicas, double commandsPerMinute, double idleFraction, double simulatedSeconds,
                         long groupsCreated, long commandsSubmitted, long commandsAcked, long commandsFailed,
                         double ackedRatio, long commandsLost, long commandsLostInRecoveries,
                         long commandsLostInGoneGroups, long commandsNotHeld, long duplicateApplies, long violations,
                         List<Long> failedSeeds, List<String> firstViolations, long majorityLosses, long recoveries,
                         long groupsGone, long leaderChanges, double meanCommitLatencyMs, double p99CommitLatencyMs,
                         long failovers, long failoversUnresolved, double medianFailoverMs, double p99FailoverMs,
                         double messagesPerCommit, Map<String, Double> messagesPerCommitByType, double gcsBytesPerNodePerSec, double maintenanceBytesPerNodePerSec,
                         double meanLiveNodes, long joins, long crashes, long leaves, long activeGroupsAtEnd,
                         long replicasAtEnd, long malformedMessages, long stateMachineErrors, boolean converged,
                         double wallSeconds, long events) {
    }

    private GcsRun() {
    }

    /** Runs seeds {@code config.seed()} to {@code config.seed() + config.seeds() - 1}; {@code applyLog} may be null. */
    public static Result run(Config config, Progress progress, Path applyLog) {
        return run(config, progress, applyLog, 1);
    }

    /** The same, the nodes' events run by {@code threads} threads: the figures do not change with it. */
    public static Result run(Config config, Progress progress, Path applyLog, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        GcsTotals t = new GcsTotals();
        ApplyLog log = applyLog == null ? null : new ApplyLog(applyLog);
        try {
            for (int i = 0; i < config.seeds(); i++) {
                new GcsExperiment(config, progress, log, t, threads).run(config.seed() + i);
            }
        } finally {
            if (log != null) {
                log.close();
            }
        }
        double seconds = config.durationMs() / 1000.0 * config.seeds();
        double liveSeconds = Math.max(1, t.liveNodeSeconds);
        long lost = t.lostInRebuilds + t.lostInGoneGroups + t.notHeld;
        return new Result(config.nodes(), config.seed(), config.seeds(), config.churn(), config.loss(),
                config.duplication(), config.groups(), config.replicas(), config.commandsPerMinute(),
                config.idleFraction(), round(seconds), t.groupsCreated, t.submitted, t.acked, t.failed,
                t.submitted == 0 ? 1.0 : round6((double) t.acked / t.submitted), lost, t.lostInRebuilds,
                t.lostInGoneGroups, t.notHeld, t.duplicateApplies, t.violations, List.copyOf(t.failedSeeds),
                List.copyOf(t.firstViolations), t.majorityLosses, t.recoveries, t.groupsGone, t.leaderChanges,
                round(t.commitLatency.mean()), t.commitLatency.quantile(0.99), t.failovers.count(),
                t.failoversUnresolved, t.failovers.quantile(0.5), t.failovers.quantile(0.99),
                t.acked == 0 ? 0 : round((double) t.gcsMessages / t.acked), t.mix.perCommit(t.acked), round(t.gcsBytes / liveSeconds),
                round(t.maintenanceBytes / liveSeconds), round(t.liveNodeSeconds / seconds), t.joins, t.crashes,
                t.leaves, t.activeGroupsAtEnd, t.replicasAtEnd, t.malformed, t.stateMachineErrors, t.converged,
                round(t.wallSeconds), t.events);
    }

    /** The command line that replays one seed of {@code c}. */
    public static String replay(Config c, long seed, Path applyLog) {
        return GcsExperiment.replay(c, seed, applyLog);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }
}
