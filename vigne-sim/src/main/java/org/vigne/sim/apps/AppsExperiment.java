package org.vigne.sim.apps;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigne.apps.manager.AppState;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ComponentStatus;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.node.AppsConfig;
import org.vigne.apps.node.AppsService;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.Components;
import org.vigne.apps.spec.DataProtocol;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.RestartLimits;
import org.vigne.dht.Dht;
import org.vigne.gcs.GroupInfo;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.churn.ChurnDriver;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;
import org.vigne.sim.gcs.GcsChecker;

/**
 * {@code vigne sim apps}: builds a ring, submits applications of modelled components at a Poisson
 * rate from random live nodes while churn applies, stops churn after {@code --duration}, and
 * drains until every acknowledged application reached a final state (or the drain limit). The
 * figures come from what the managers committed ({@link AppsChecker}), what the processes really
 * did ({@link WorkLedger}) and the group checker ({@link GcsChecker}).
 */
public final class AppsExperiment {
    /** A submission not answered by then is made again, from another node, as a new application. */
    private static final long SUBMIT_PATIENCE_MS = 60_000;

    /**
     * The parameters of a run; {@code (config, seed)} determines every simulated figure.
     *
     * @param policy            {@code none}, {@code restart} or {@code checkpoint-restart} (component scope)
     * @param checkpointEveryMs work between two checkpoints of a component (checkpoint-restart only)
     * @param arrivalsPerMinute applications submitted per simulated minute
     * @param maxRestarts       the policy's bound on restarts after a component's own failures
     * @param drainMs           longest time after churn stops to wait for every application to finish
     */
    public record Config(int nodes, long durationMs, String churn, double loss, long seed, int leafSetSize, double leaveFraction,
                  int apps, int components, long workMs, String policy, long checkpointEveryMs,
                  double arrivalsPerMinute, int slots, int maxRestarts, long backoffMs, long drainMs) {
        public Config {
            if (nodes < 1 || apps < 0 || components < 1 || slots < 1) {
                throw new IllegalArgumentException("--nodes, --components and --slots must be at least 1, --apps at least 0");
            }
            if (durationMs <= 0 || workMs < 0 || checkpointEveryMs < 0 || drainMs < 0 || backoffMs < 0) {
                throw new IllegalArgumentException("--duration must be positive; --work, --checkpoint-every, --drain"
                        + " and --backoff non-negative");
            }
            if (!(arrivalsPerMinute > 0)) {
                throw new IllegalArgumentException("--arrivals must be positive");
            }
            if (loss < 0 || loss >= 1) {
                throw new IllegalArgumentException("--loss must be in [0, 1), got " + loss);
            }
            policyOf(policy, maxRestarts, backoffMs);
        }

        /** The configuration of every node. */
        public AppsNode.Setup setup() {
            AppsNode.Setup d = AppsNode.Setup.defaults(ProcessModel.uniform(workMs, checkpointEveryMs), slots);
            return new AppsNode.Setup(d.overlay().withLeafSetSize(leafSetSize), d.dht(), d.files(), d.executor(),
                    d.model(), d.gcs(), AppsConfig.defaults(slots));
        }

        /** The spec of the {@code i}-th application. */
        public ApplicationSpec spec(int i) {
            return new ApplicationSpec("sim" + i, new Components.Replicated(components,
                    ComponentSpec.of(List.of("work"))), policyOf(policy, maxRestarts, backoffMs), DataProtocol.DYN);
        }

        public static FaultPolicy policyOf(String name, int maxRestarts, long backoffMs) {
            RestartLimits limits = new RestartLimits(maxRestarts, backoffMs, Math.max(backoffMs, 60_000));
            return switch (name) {
                case "none" -> FaultPolicy.none();
                case "restart" -> new FaultPolicy.Restart(FaultPolicy.Scope.COMPONENT, limits);
                case "checkpoint-restart" -> new FaultPolicy.CheckpointRestart(
                        FaultPolicy.CheckpointRestart.DEFAULT_CHECKPOINT_EXIT_CODE, FaultPolicy.Scope.COMPONENT, limits);
                default -> throw new IllegalArgumentException("--policy must be none, restart or checkpoint-restart, got "
                        + name);
            };
        }
    }

    private final Config config;
    private final Progress progress;
    private final Path eventsFile;
    private SimWorld world;
    private Simulator sim;
    private Population population;
    private Oracle oracle;
    private AppsChecker checker;
    private GcsChecker gcsChecker;
    private FailoverCounter failovers;
    private AppsWorkload workload;
    private final Traffic traffic = new Traffic();

    public AppsExperiment(Config config, Progress progress, Path eventsFile) {
        this.config = config;
        this.progress = progress;
        this.eventsFile = eventsFile;
    }

    /** The figures of one run (see the README's table of {@code vigne sim apps} fields). */
    public record Result(int nodes, long seed, String churn, double loss, int apps, int components, double workMinutes,
                         String policy, double checkpointEveryMinutes, double arrivalsPerMinute, int slots,
                         int appsSubmitted, int appsCompleted, int appsCompletedDuringChurn, int appsFailed, int appsKilled, int appsLost,
                         int appsUnfinished, int appsUnacknowledged, long duplicateCompletions, int restarts,
                         double wastedWorkFraction, double meanMakespanMinutes, double medianRestartDelayMs,
                         double p99RestartDelayMs, int restartDelaySamples, long managerFailovers,
                         long managerRebuilds, long violations, List<String> violationsDescribed, long gcsViolations,
                         long joins, long crashes, long leaves, double meanLiveNodes, double simulatedSeconds,
                         double drainSeconds, Map<String, Double> bytesPerNodePerSec,
                         Map<String, Double> messagesPerNodePerSec, boolean converged, long eventLines, long events,
                         double wallSeconds) {
    }

    public Result run() {
        long wall0 = System.nanoTime();
        ChurnModel churn = ChurnModel.parse(config.churn());
        world = new SimWorld(NetworkModel.wideArea(config.loss()), config.seed());
        sim = world.sim();
        oracle = new Oracle();
        checker = new AppsChecker();
        gcsChecker = new GcsChecker();
        failovers = new FailoverCounter(gcsChecker, ApplicationManager.KIND);
        AppsNode.Setup setup = config.setup();
        WorkLedger ledger = new WorkLedger(world, setup.executor().speed(), config.workMs());
        EventsFile events = eventsFile == null ? null : new EventsFile(eventsFile);
        ExecutionEvent.Observer executions = events == null ? e -> {
            checker.event(e);
            ledger.event(e);
        } : e -> {
            checker.event(e);
            ledger.event(e);
            events.event(e);
        };
        if (events != null) {
            checker.setListener(events::committed);
        }
        population = new Population(world, oracle, AppsNode.setup(setup,
                new AppsNode.Observers(executions, failovers, checker)));
        RingBuilder.Built built = RingBuilder.build(population, config.nodes(), config.leafSetSize(), progress);
        world.setMeter(traffic);

        long t0 = sim.nowMs();
        long joins0 = population.joins();
        long crashes0 = population.crashes();
        long leaves0 = population.leaves();
        ChurnDriver driver = new ChurnDriver(population, churn, config.leaveFraction());
        driver.start();
        workload = new AppsWorkload(config, population, SUBMIT_PATIENCE_MS);
        workload.start(t0);
        double[] live = runUntil(t0 + config.durationMs(), t0, () -> false);
        driver.stop();
        long drain0 = sim.nowMs();
        double[] drained = runUntil(drain0 + config.drainMs(), t0, this::allFinal);
        long end = sim.nowMs();

        AppsChecker.EndCheck endCheck = checker.endCheck(workload.acknowledged().keySet(), this::managed,
                this::describe);
        Result r = result(built, ledger, endCheck, end, t0, drain0, (live[0] + drained[0]) / Math.max(1, live[1] + drained[1]),
                population.joins() - joins0, population.crashes() - crashes0, population.leaves() - leaves0,
                events == null ? 0 : events.lines(), wall0);
        if (events != null) {
            events.close();
        }
        Reference.reachabilityFence(world);
        return r;
    }

    /** Runs second by second until {@code untilMs} or {@code done}; returns the sum of live nodes and the samples. */
    private double[] runUntil(long untilMs, long t0, java.util.function.BooleanSupplier done) {
        double liveSum = 0;
        long samples = 0;
        while (sim.nowMs() < untilMs && !(workload.allSubmitted() && done.getAsBoolean())) {
            sim.runUntil(Math.min(untilMs, sim.nowMs() + 1000));
            liveSum += oracle.size();
            samples++;
            if (samples % 60 == 0) {
                progress.report(String.format("sim %d s, %d live, %d apps acknowledged, %d completed, %d failed, "
                        + "%d restarts", (sim.nowMs() - t0) / 1000, oracle.size(), workload.acknowledged().size(),
                        countFates(AppState.COMPLETED), countFates(AppState.FAILED), checker.restarts()));
            }
        }
        return new double[] {liveSum, samples};
    }

    private boolean allFinal() {
        for (String app : workload.acknowledged().keySet()) {
            if (checker.fate(app) == null) {
                return false;
            }
        }
        return true;
    }

    private int countFates(AppState s) {
        int n = 0;
        for (String app : workload.acknowledged().keySet()) {
            n += checker.fate(app) == s ? 1 : 0;
        }
        return n;
    }

    /** True when a live node hosts a replica of the manager of {@code appId} or holds its snapshot. */
    private boolean managed(String appId) {
        var key = AppsService.snapshotKey(appId);
        for (SimNode n : oracle.members()) {
            AppsNode a = AppsNode.of(n);
            if (a == null) {
                continue;
            }
            Optional<Dht> snaps = a.dhts().dht(AppsService.SNAPSHOT_DHT);
            if (a.apps().replica(appId) != null || (snaps.isPresent() && snaps.get().localVersion(key) > 0)) {
                return true;
            }
        }
        return false;
    }

    /** What the most advanced live replica of {@code appId}'s manager knows: state, components, last events. */
    private String describe(String appId) {
        AppStatus best = null;
        for (SimNode n : oracle.members()) {
            AppsNode a = AppsNode.of(n);
            ApplicationManager m = a == null ? null : a.apps().replica(appId);
            AppStatus s = m == null ? null : m.status();
            if (s != null && (best == null || s.eventsTotal() > best.eventsTotal())) {
                best = s;
            }
        }
        if (best == null) {
            return "no live replica";
        }
        StringBuilder b = new StringBuilder(best.state().spelling());
        for (ComponentStatus c : best.components()) {
            b.append("; c").append(c.index()).append(' ').append(c.phase().spelling()).append(" i").append(c.incarnation())
                    .append(c.node().isEmpty() ? "" : " on " + c.node());
        }
        List<ManagerEvent> ev = best.events();
        b.append("; last events ").append(ev.subList(Math.max(0, ev.size() - 4), ev.size()));
        b.append("; manager group replicas:");
        for (SimNode n : oracle.members()) {
            AppsNode a = AppsNode.of(n);
            GroupInfo g = a == null ? null : a.gcs().info(ApplicationManager.groupOf(appId));
            if (g != null) {
                b.append(' ').append(n.self()).append(' ').append(g.role()).append(" term ").append(g.term())
                        .append(" leader ").append(g.leader()).append(" members ").append(g.members());
            }
        }
        return b.toString();
    }

    private Result result(RingBuilder.Built built, WorkLedger ledger, AppsChecker.EndCheck endCheck, long end, long t0,
                          long drain0, double meanLive, long joins, long crashes, long leaves, long eventLines,
                          long wall0) {
        Map<String, Long> acked = workload.acknowledged();
        double makespanSum = 0;
        int completed = 0;
        int duringChurn = 0;
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            if (checker.fate(e.getKey()) == AppState.COMPLETED) {
                completed++;
                duringChurn += checker.finishedAtMs(e.getKey()) <= drain0 ? 1 : 0;
                makespanSum += checker.finishedAtMs(e.getKey()) - e.getValue();
            }
        }
        long executed = ledger.executedMs(end);
        long useful = (long) checker.completions() * config.workMs();
        double wasted = executed == 0 ? 0 : Math.max(0, executed - useful) / (double) executed;
        int unacknowledged = 0;
        for (String app : checker.submitted()) {
            unacknowledged += acked.containsKey(app) ? 0 : 1;
        }
        List<String> described = new ArrayList<>(checker.described());
        described.addAll(gcsChecker.described());
        return new Result(config.nodes(), config.seed(), config.churn(), config.loss(), config.apps(),
                config.components(), config.workMs() / 60_000.0, config.policy(), config.checkpointEveryMs() / 60_000.0,
                config.arrivalsPerMinute(), config.slots(), acked.size(), completed, duringChurn, countFates(AppState.FAILED),
                countFates(AppState.KILLED), endCheck.lost(), endCheck.unfinished(), unacknowledged,
                checker.duplicateCompletions(), checker.restarts(), round(wasted),
                round(completed == 0 ? 0 : makespanSum / completed / 60_000.0),
                ledger.restartDelays().quantile(0.5), ledger.restartDelays().quantile(0.99),
                ledger.restartDelays().count(), failovers.failovers(), checker.rebuilds(),
                checker.violations() + gcsChecker.violations(), described.subList(0, Math.min(10, described.size())),
                gcsChecker.violations(), joins, crashes, leaves, round(meanLive), (end - t0) / 1000.0,
                (end - drain0) / 1000.0, traffic.bytesPerNodePerSec(meanLive, (end - t0) / 1000.0),
                traffic.messagesPerNodePerSec(meanLive, (end - t0) / 1000.0), built.converged(), eventLines,
                sim.eventsFired(),
                round((System.nanoTime() - wall0) / 1e9));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** For tests: the acknowledged applications with their acknowledgement time. */
    Map<String, Long> acknowledged() {
        return workload == null ? new LinkedHashMap<>() : workload.acknowledged();
    }
}
