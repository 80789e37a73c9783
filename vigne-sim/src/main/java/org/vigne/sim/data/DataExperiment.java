package org.vigne.sim.data;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Message;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.data.DataConfig;
import org.vigne.data.DataCounters;
import org.vigne.data.DataMessage;
import org.vigne.dht.DhtConfig;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.churn.ChurnDriver;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.ObjectResult;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;
import org.vigne.sim.sync.SyncChecker;
import org.vigne.sync.SyncConfig;
import org.vigne.sync.SyncCounters;
import org.vigne.sync.SyncMessage;

/**
 * {@code vigne sim data}: the paper's evaluation of the volatile data management service
 * (Sect. 7). Builds a ring, runs the {@link LoopApplication} (W writers and R readers sharing one
 * object through STAT or DYN, their phases kept apart by two barriers per loop) under churn and
 * loss until its loops are done or a simulated time limit passes, records every access and
 * every barrier wait, and checks the history for linearizability and the barriers with the
 * {@link SyncChecker}.
 */
public final class DataExperiment {
    /** The experiment's parameters; {@code (config, seed)} determines every simulated figure. */
    public record Config(int nodes, String churn, double loss, double duplication, boolean jitter, long seed,
                         int leafSetSize, double leaveFraction, ConsistencyProtocol protocol, int readers,
                         int writers, int loops, boolean restartOnFailure, long timeLimitMs, long checkpointCostMs,
                         int managerReplicas, int syncReplicas) {
        /** The paper's setting: checkpoints and restarts in null time, the services' default replication degrees. */
        public Config(int nodes, String churn, double loss, double duplication, boolean jitter, long seed,
                      int leafSetSize, double leaveFraction, ConsistencyProtocol protocol, int readers, int writers,
                      int loops, boolean restartOnFailure, long timeLimitMs) {
            this(nodes, churn, loss, duplication, jitter, seed, leafSetSize, leaveFraction, protocol, readers, writers,
                    loops, restartOnFailure, timeLimitMs, 0, DataConfig.defaults().managerReplicas(),
                    SyncConfig.defaults().replicas());
        }

        public Config {
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
            }
            if (!(loss >= 0 && loss < 1) || !(duplication >= 0 && duplication < 1)) {
                throw new IllegalArgumentException("--loss and --duplication must be in [0, 1)");
            }
            if (!(leaveFraction >= 0 && leaveFraction <= 1)) {
                throw new IllegalArgumentException("--leave-fraction must be in [0, 1], got " + leaveFraction);
            }
            if (leafSetSize < 2 || leafSetSize % 2 != 0) {
                throw new IllegalArgumentException("--leaf-set must be even and at least 2, got " + leafSetSize);
            }
            if (writers < 1 || readers < 0 || loops < 0) {
                throw new IllegalArgumentException("--writers must be at least 1, --readers and --loops at least 0");
            }
            if (writers + readers > nodes) {
                throw new IllegalArgumentException("--writers + --readers (" + (writers + readers)
                        + ") must not exceed --nodes (" + nodes + "): one component per node");
            }
            if (timeLimitMs <= 0) {
                throw new IllegalArgumentException("--duration must be positive");
            }
            if (checkpointCostMs < 0) {
                throw new IllegalArgumentException("--checkpoint-cost must not be negative, got " + checkpointCostMs);
            }
            if (managerReplicas < 1 || syncReplicas < 1) {
                throw new IllegalArgumentException("replication degrees must be at least 1");
            }
        }

        /** This configuration with {@code protocol}, {@code writers} and {@code readers}. */
        public Config with(ConsistencyProtocol p, int w, int r) {
            return new Config(nodes, churn, loss, duplication, jitter, seed, leafSetSize, leaveFraction, p, r, w,
                    loops, restartOnFailure, timeLimitMs, checkpointCostMs, managerReplicas, syncReplicas);
        }

        /** This configuration under another churn model and loss probability. */
        public Config withFaults(String churnSpec, double lossProbability) {
            return new Config(nodes, churnSpec, lossProbability, duplication, jitter, seed, leafSetSize, leaveFraction,
                    protocol, readers, writers, loops, restartOnFailure, timeLimitMs, checkpointCostMs,
                    managerReplicas, syncReplicas);
        }

        /** This configuration with both managers' replication degrees set to {@code r}. */
        public Config withReplicas(int r) {
            return new Config(nodes, churn, loss, duplication, jitter, seed, leafSetSize, leaveFraction, protocol,
                    readers, writers, loops, restartOnFailure, timeLimitMs, checkpointCostMs, r, r);
        }

        /** The command line that replays this configuration exactly (for failure messages). */
        public String commandLine() {
            return String.format("vigne sim data --protocol %s --nodes %d --churn %s --loss %s --duplication %s%s"
                            + " --seed %d --leaf-set %d --leave-fraction %s --readers %d --writers %d --loops %d"
                            + " --policy %s --duration %dms --checkpoint-cost %dms --manager-replicas %d"
                            + " --sync-replicas %d", protocol.specName(), nodes, churn, loss, duplication,
                    jitter ? "" : " --no-reordering", seed, leafSetSize, leaveFraction, readers, writers, loops,
                    restartOnFailure ? "restart" : "none", timeLimitMs, checkpointCostMs, managerReplicas,
                    syncReplicas);
        }
    }

    /** The figures of one run. */
    public record Result(String protocol, int nodes, String churn, double loss, long seed, int readers, int writers,
                         int loops, int loopsCompleted, boolean completed, double simulatedSeconds, long accesses,
                         double meanAccessLatencyMs, double p99AccessLatencyMs, double messagesPerAccess,
                         double routedMessagesPerAccess, double routeHopsPerAccess, long restarts,
                         long failuresInjected, long historyOps, int checkedHistories, int linearizabilityViolations,
                         int linearizabilityUnknown, List<String> violations, long abandonedAccesses, long retransmissions,
                         long backupRequests, double forwardsPerAccess, long droppedRequests,
                         long duplicateRequests, long staleEpochDropped, long malformedDropped,
                         long unsolicitedMasterships,
                         int maxCopyEntries, int maxManagerRecords, long barrierEpisodes,
                         double meanBarrierLatencyMs, double p99BarrierLatencyMs, double syncMessagesPerEpisode,
                         long syncCommands, double syncOpsPerCommand, long syncRetries, int barrierViolations,
                         List<String> syncViolations, long syncErrors, List<Integer> loopsByMinute,
                         boolean converged, double wallSeconds, long events) {
    }

    private final Config config;
    private final Progress progress;
    private final List<DataCounters> counters = new ArrayList<>();
    private final List<SyncCounters> syncCounters = new ArrayList<>();
    private final SyncChecker syncChecker = new SyncChecker();
    private final DataHistory history = new DataHistory();
    private final List<Integer> loopsBySecond = new ArrayList<>();
    private final List<Integer> failuresBySecond = new ArrayList<>();
    private long dataDirect;
    private long dataRouteHops;
    private long syncMessages;
    private boolean measuring;

    public DataExperiment(Config config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    /** The history recorded by {@link #run()}. */
    public DataHistory history() {
        return history;
    }

    /**
     * Loops completed at the end of each simulated second of the run ({@code get(i)}: after
     * {@code i + 1} seconds), filled by {@link #run()}: the application's progression.
     */
    public List<Integer> loopsBySecond() {
        return loopsBySecond;
    }

    /** Departures of any node (crashes and leaves) since the application started, at the end of each second. */
    public List<Integer> failuresBySecond() {
        return failuresBySecond;
    }

    public Result run() {
        long wall0 = System.nanoTime();
        ChurnModel churn = ChurnModel.parse(config.churn());
        NetworkModel net = new NetworkModel(5, 150, config.jitter() ? 0.1 : 0, config.loss(), config.duplication());
        SimWorld world = new SimWorld(net, config.seed());
        Simulator sim = world.sim();
        Oracle oracle = new Oracle();
        OverlayConfig oc = OverlayConfig.defaults().withLeafSetSize(config.leafSetSize());
        SyncConfig sc = SyncConfig.defaults();
        NodeSetup inner = DataNode.setup(oc, DhtConfig.defaults(),
                DataConfig.defaults().withManagerReplicas(config.managerReplicas()), GcsConfig.defaults(),
                new SyncConfig(config.syncReplicas(), sc.retryMs(), sc.maxRetryMs(), sc.maxBatchOps()));
        NodeSetup setup = (env, stack) -> {
            NodeSetup.Installed i = inner.install(env, stack);
            counters.add(((DataNode) i.services()).objects().counters());
            syncCounters.add(((DataNode) i.services()).sync().counters());
            return i;
        };
        Population population = new Population(world, oracle, setup);
        world.setMeter(this::meter);
        RingBuilder.Built built = RingBuilder.build(population, config.nodes(), config.leafSetSize(), progress);

        long crashes0 = population.crashes() + population.leaves();
        ApplicationManagerStandIn manager = new ApplicationManagerStandIn(LoopApplication.APP, config.protocol());
        LoopApplication app = new LoopApplication(population, manager, history, syncChecker, config.writers(),
                config.readers(), config.loops(), config.restartOnFailure(), config.checkpointCostMs());
        new ChurnDriver(population, churn, config.leaveFraction()).start();
        measuring = true;
        long t0 = sim.nowMs();
        app.start();
        List<Integer> byMinute = new ArrayList<>();
        int maxEntries = 0;
        int maxRecords = 0;
        while (!app.finished() && sim.nowMs() - t0 < config.timeLimitMs()) {
            sim.runUntil(Math.min(t0 + config.timeLimitMs(), sim.nowMs() + 1000));
            long elapsed = sim.nowMs() - t0;
            if (elapsed % 1000 == 0) {
                loopsBySecond.add(app.loopsCompleted());
                failuresBySecond.add((int) (population.crashes() + population.leaves() - crashes0));
            }
            if (elapsed % 60_000 == 0) {
                byMinute.add(app.loopsCompleted());
            }
            for (SimNode n : oracle.members()) {
                DataNode d = DataNode.of(n);
                if (d == null) {
                    continue; // a member the churn crashed in this very step: it holds no copy any more
                }
                maxEntries = Math.max(maxEntries, d.objects().maxCopyEntries());
                maxRecords = Math.max(maxRecords, d.objects().managerRecords());
            }
            progress.report(String.format("%s: sim %d s, loop %d/%d, %d restarts", config.protocol().specName(),
                    elapsed / 1000, app.loopsCompleted(), config.loops(), app.restarts()));
        }
        measuring = false;
        if ((sim.nowMs() - t0) % 60_000 != 0) {
            byMinute.add(app.loopsCompleted()); // the last, partial minute
        }
        CheckReport check = history.check();
        List<String> explanations = new ArrayList<>();
        for (ObjectResult o : check.objects()) {
            if (o.verdict() != ObjectResult.Verdict.LINEARIZABLE && explanations.size() < 5) {
                explanations.add(o.describe());
            }
        }
        DataCounters sum = sum(counters);
        double accesses = Math.max(1, app.accesses());
        long syncCommands = 0;
        long syncOps = 0;
        long syncRetries = 0;
        for (SyncCounters c : syncCounters) {
            syncCommands += c.batches;
            syncOps += c.batchedOps;
            syncRetries += c.retries;
        }
        BarrierEpisodes episodes = app.episodes();
        Reference.reachabilityFence(world);
        return new Result(config.protocol().specName(), config.nodes(), config.churn(), config.loss(), config.seed(),
                config.readers(), config.writers(), config.loops(), app.loopsCompleted(), app.completed(),
                round(app.elapsedMs() / 1000.0), app.accesses(), round(app.latencyMs().mean()),
                app.latencyMs().quantile(0.99), round((dataDirect + dataRouteHops) / accesses),
                round(sum.routed / accesses), round(dataRouteHops / accesses), app.restarts(),
                population.crashes() + population.leaves() - crashes0, check.operations(), check.objects().size(),
                check.violations(), check.unknown(), explanations,
                app.abandoned(), sum.retransmissions, sum.backupRequests, round(sum.forwarded / accesses),
                sum.droppedRequests, sum.duplicateRequests, sum.staleEpoch, sum.malformed,
                sum.unsolicitedMasterships, maxEntries, maxRecords, episodes.completed(),
                round(episodes.latencyMs().mean()), episodes.latencyMs().quantile(0.99),
                round(syncMessages / (double) Math.max(1, episodes.completed())), syncCommands,
                round(syncOps / (double) Math.max(1, syncCommands)), syncRetries, syncChecker.violations().size(),
                syncChecker.violations().subList(0, Math.min(5, syncChecker.violations().size())), app.syncErrors(),
                byMinute,
                built.converged(), round((System.nanoTime() - wall0) / 1e9), sim.eventsFired());
    }

    private static DataCounters sum(List<DataCounters> all) {
        DataCounters s = new DataCounters();
        for (DataCounters c : all) {
            s.routed += c.routed;
            s.forwarded += c.forwarded;
            s.retransmissions += c.retransmissions;
            s.backupRequests += c.backupRequests;
            s.droppedRequests += c.droppedRequests;
            s.duplicateRequests += c.duplicateRequests;
            s.staleEpoch += c.staleEpoch;
            s.malformed += c.malformed;
            s.unsolicitedMasterships += c.unsolicitedMasterships;
        }
        return s;
    }

    /** Data-service traffic: messages sent straight to a node, and each hop of a routed one. */
    private void meter(Message m, int bytes) {
        if (!measuring) {
            return;
        }
        if (m instanceof DataMessage) {
            dataDirect++;
        } else if (m instanceof OverlayMessage.Route r && r.payload() instanceof DataMessage) {
            dataRouteHops++;
        } else if (SyncMessage.is(m) || GcsMessage.is(m)) {
            syncMessages++; // every group of these nodes is a sync group
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
