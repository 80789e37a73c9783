package org.vigne.sim.experiment;

import java.lang.ref.Reference;
import java.util.concurrent.atomic.LongAdder;
import org.vigne.core.Id;
import org.vigne.overlay.Overlay;
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
import org.vigne.sim.churn.ChurnModel;

/**
 * {@code vigne sim overlay}: builds a ring, then routes lookups to random keys under churn and
 * loss, and measures consistency (delivered to the node the oracle says is the root at that
 * instant), hops, latency, maintenance bandwidth and the simulator's own speed and memory.
 */
public final class OverlayExperiment {
    /** A lookup not delivered within this time is lost. */
    public static final long LOOKUP_TIMEOUT_MS = 30_000;
    /** Lookups are planned this far ahead (see {@link #planLookups}). */
    static final long PLAN_MS = 1_000;
    /** How far the wait for the last lookups runs between two checks of whether they all arrived. */
    private static final long DRAIN_STEP_MS = 100;

    /** The experiment's parameters; {@code (config, seed)} determines every simulated figure. */
    public record Config(int nodes, long durationMs, String churn, double lookupsPerMinute, double loss,
                         long seed, int leafSetSize, double leaveFraction, double duplication, boolean jitter,
                         long joinIntervalUs) {
        public Config {
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
            }
            if (durationMs <= 0) {
                throw new IllegalArgumentException("--duration must be positive");
            }
            if (!(lookupsPerMinute >= 0 && lookupsPerMinute <= 1e6)) {
                throw new IllegalArgumentException("--lookups must be a number from 0 to 1e6, got " + lookupsPerMinute);
            }
            if (!(loss >= 0 && loss < 1)) {
                throw new IllegalArgumentException("--loss must be in [0, 1), got " + loss);
            }
            if (!(duplication >= 0 && duplication < 1)) {
                throw new IllegalArgumentException("--duplication must be in [0, 1), got " + duplication);
            }
            if (!(leaveFraction >= 0 && leaveFraction <= 1)) {
                throw new IllegalArgumentException("--leave-fraction must be in [0, 1], got " + leaveFraction);
            }
            if (leafSetSize < 2 || leafSetSize % 2 != 0) {
                throw new IllegalArgumentException("--leaf-set must be even and at least 2, got " + leafSetSize);
            }
            if (joinIntervalUs < 1) {
                throw new IllegalArgumentException("--join-interval must be at least 1us, got " + joinIntervalUs + "us");
            }
        }

        public static Config defaults() {
            return new Config(1000, 30 * 60_000, "none", 1, 0, 1, 16, 0.2, 0, true, RingBuilder.JOIN_SPACING_US);
        }

        /** The command line that replays this run exactly. */
        public String replayCommand() {
            return String.format("vigne sim overlay --nodes %d --duration %dms --churn %s --lookups %s --loss %s"
                            + " --seed %d --leaf-set %d --leave-fraction %s --duplication %s --join-interval %s%s",
                    nodes, durationMs, churn, lookupsPerMinute, loss, seed, leafSetSize, leaveFraction,
                    duplication, joinIntervalUs % 1000 == 0 ? joinIntervalUs / 1000 + "ms" : joinIntervalUs + "us",
                    jitter ? "" : " --no-reordering");
        }
    }

    /** The figures of one run. */
    public record Result(int nodes, long seed, String churn, double loss, int leafSetSize,
                         double simulatedSeconds, long lookups, long delivered, long consistent,
                         double consistency, double deliveredRatio, double meanHops, double p99Hops,
                         double meanLatencyMs, double p99LatencyMs, double maintenanceBytesPerNodePerSec,
                         double meanLiveNodes, long joins, long crashes, long leaves, boolean converged,
                         double convergeSimSeconds, double convergeWallSeconds, double heapMiB,
                         double wallSeconds, double measureWallSeconds, double realTimeFactor, long events,
                         double eventsPerSecond) {
    }

    private final Config config;
    private final Progress progress;
    private final int threads;
    private final LookupLog log = new LookupLog(LOOKUP_TIMEOUT_MS);
    /** Added to by every partition's thread. */
    private final LongAdder maintenanceBytes = new LongAdder();
    private volatile boolean measuring;
    private Oracle oracle;
    private Simulator sim;

    public OverlayExperiment(Config config, Progress progress) {
        this(config, progress, 1);
    }

    /**
     * Runs the nodes' events on {@code threads} threads (partitions of the nodes): the figures are
     * the same for any number, only the wall time changes.
     */
    public OverlayExperiment(Config config, Progress progress, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.config = config;
        this.progress = progress;
        this.threads = threads;
    }

    public Result run() {
        long wall0 = System.nanoTime();
        ChurnModel churn = ChurnModel.parse(config.churn());
        NetworkModel net = NetworkModel.wideArea(config.loss(), config.duplication(), config.jitter());
        SimWorld world = new SimWorld(net, config.seed());
        world.describeRun(config.replayCommand());
        world.setPartitions(threads);
        oracle = new Oracle();
        sim = world.sim();
        OverlayConfig oc = OverlayConfig.defaults().withLeafSetSize(config.leafSetSize());
        NodeSetup setup = (env, stack) -> {
            Overlay overlay = new Overlay(env, oc);
            stack.register(OverlayMessage.class, overlay);
            overlay.addApplication(new LookupProbe((SimNode) env, this::delivered));
            return new NodeSetup.Installed(overlay, null);
        };
        Population population = new Population(world, oracle, setup);
        world.setMeter((m, bytes) -> {
            if (measuring && !(m instanceof OverlayMessage.Route r && r.payload() instanceof LookupProbe.Lookup)) {
                maintenanceBytes.add(bytes);
            }
        });
        RingBuilder.Built built = RingBuilder.buildSpacedUs(population, config.nodes(), config.leafSetSize(),
                config.joinIntervalUs(), progress);

        long eventsBefore = sim.eventsFired();
        long measureWall0 = System.nanoTime();
        long t0 = sim.nowMs();
        long end = t0 + config.durationMs();
        measuring = true;
        new ChurnDriver(population, churn, config.leaveFraction()).start();
        planLookups(population, t0, end);
        double liveSum = 0;
        long samples = 0;
        long joins0 = population.joins();
        long crashes0 = population.crashes();
        long leaves0 = population.leaves();
        while (sim.nowMs() < end) {
            sim.runUntil(Math.min(end, sim.nowMs() + 1000));
            liveSum += oracle.size();
            samples++;
            progress.report(String.format("sim %d/%d s, %d live, %d lookups, %.0f events/s",
                    (sim.nowMs() - t0) / 1000, config.durationMs() / 1000, oracle.size(), log.size(),
                    (sim.eventsFired() - eventsBefore) / ((System.nanoTime() - measureWall0) / 1e9)));
        }
        double measureSeconds = config.durationMs() / 1000.0;
        double meanLive = samples == 0 ? 0 : liveSum / samples;
        long maintenance = maintenanceBytes.sum();
        measuring = false;
        drainLookups(end + LOOKUP_TIMEOUT_MS, churn instanceof ChurnModel.None);
        double measureWall = (System.nanoTime() - measureWall0) / 1e9;

        LookupLog.Summary s = log.summarise();
        long events = sim.eventsFired();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double heap = heapMiB();
        Reference.reachabilityFence(world);
        return new Result(config.nodes(), config.seed(), config.churn(), config.loss(), config.leafSetSize(),
                round(measureSeconds), s.counted(), s.delivered(), s.consistent(),
                ratio(s.consistent(), s.counted()), ratio(s.delivered(), s.counted()),
                round(s.hops().mean()), s.hops().quantile(0.99), round(s.latency().mean()),
                s.latency().quantile(0.99), round(maintenance / Math.max(1, meanLive) / measureSeconds),
                round(meanLive), population.joins() - joins0, population.crashes() - crashes0,
                population.leaves() - leaves0, built.converged(), round(built.convergeSimMs() / 1000.0),
                round(built.convergeWallSeconds()), round(heap), round(wall), round(measureWall),
                round(measureSeconds / measureWall), events, round(events / wall));
    }

    /**
     * Runs until the last lookup's timeout, {@code untilMs}, when its figures are known: whether each
     * was delivered, and whether its issuer lived until its timeout. Without churn every issuer lives
     * on, so once every lookup in flight has been delivered the rest of the wait would change no
     * figure, and the run stops there (on a static 100,000-node ring, 30 simulated seconds that
     * took 12 s of wall time).
     */
    private void drainLookups(long untilMs, boolean issuersLiveOn) {
        while (sim.nowMs() < untilMs && !(issuersLiveOn && log.allDelivered())) {
            sim.runUntil(Math.min(untilMs, sim.nowMs() + DRAIN_STEP_MS));
        }
    }

    /**
     * Plans the lookups of the next {@link #PLAN_MS} at once, a Poisson process at the configured
     * rate per member: each lookup's instant, issuer (a member now) and key are drawn here, in the
     * world's order, and the issuer routes it at that instant from a timer of its own. Issuing each
     * lookup from an event of the world instead would cut the simulator's windows at every lookup
     * (1,667 a second on a 100,000-node ring), leaving the partitions too little work each to
     * run side by side.
     */
    private void planLookups(Population population, long from, long end) {
        if (config.lookupsPerMinute() <= 0 || from >= end) {
            return;
        }
        long until = Math.min(end, from + PLAN_MS);
        log.tallyExpired(from);
        double perMs = config.lookupsPerMinute() * Math.max(1, population.memberCount()) / 60_000.0;
        long at = from;
        while (population.memberCount() > 0) {
            at += Math.max(1, Math.round(-Math.log(1 - population.world().random().nextDouble()) / perMs));
            if (at >= until) {
                break;
            }
            SimNode issuer = population.randomMember();
            Id key = Id.random(population.world().random());
            int id = log.issued(issuer, key, at);
            issuer.schedule(at - from, () -> issuer.overlay().route(key, new LookupProbe.Lookup(id)));
        }
        population.world().sim().schedule(until, new org.vigne.sim.SimEvent() {
            @Override
            protected void fire() {
                planLookups(population, until, end);
            }
        });
    }

    private void delivered(int lookupId, SimNode at, Id key, int hops) {
        long now = sim.nowMs();
        boolean consistent = oracle.root(key) == at;
        sim.defer(() -> log.delivered(lookupId, now, hops, consistent));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1.0 : (double) a / b;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double heapMiB() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }
}
