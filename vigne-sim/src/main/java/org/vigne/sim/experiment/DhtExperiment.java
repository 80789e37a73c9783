package org.vigne.sim.experiment;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimEvent;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.churn.ChurnDriver;
import org.vigne.sim.churn.ChurnModel;

/**
 * {@code vigne sim dht}: builds a ring, puts K keys into a DHT of degree r once it has converged,
 * then runs gets and updates under churn and loss (and, optionally, a mass crash), and at the end
 * checks with the oracle which acknowledged keys survive and with how many live replicas.
 *
 * <p>The workload stops issuing operations one operation timeout before the end, so every
 * operation has completed when the final check runs at the end. A get counts as "latest" when it
 * returns a version at least as new as the latest acknowledged before it was issued.
 */
public final class DhtExperiment {
    /** Name of the DHT the experiment uses. */
    public static final String DHT = "bench";
    private static final int MAX_PUT_ATTEMPTS = 10;
    /** Operations are planned this far ahead (see {@link #planOps}). */
    static final long PLAN_MS = 1_000;

    /** The experiment's parameters; {@code (config, seed)} determines every simulated figure. */
    public record Config(int nodes, long durationMs, String churn, double loss, long seed, int keys, int replicas,
                         int valueBytes, double opsPerMinute, double killFraction, long killAtMs, int leafSetSize,
                         double leaveFraction, long antiEntropyMs, double duplication, boolean jitter) {
        public Config {
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
            }
            if (durationMs <= 0) {
                throw new IllegalArgumentException("--duration must be positive");
            }
            if (loss < 0 || loss >= 1) {
                throw new IllegalArgumentException("--loss must be in [0, 1), got " + loss);
            }
            if (keys < 0) {
                throw new IllegalArgumentException("--keys must be at least 0, got " + keys);
            }
            if (replicas < 1 || replicas > leafSetSize / 2 + 1) {
                throw new IllegalArgumentException("--replicas must be in 1.." + (leafSetSize / 2 + 1) + ", got " + replicas);
            }
            if (valueBytes < 0 || valueBytes > DhtConfig.defaults().maxValueBytes()) {
                throw new IllegalArgumentException("--value-bytes must be in 0.." + DhtConfig.defaults().maxValueBytes()
                        + ", got " + valueBytes);
            }
            if (opsPerMinute < 0) {
                throw new IllegalArgumentException("--ops must be at least 0, got " + opsPerMinute);
            }
            if (killFraction < 0 || killFraction >= 1) {
                throw new IllegalArgumentException("--kill-fraction must be in [0, 1), got " + killFraction);
            }
            if (killAtMs < 0 || (killFraction > 0 && killAtMs >= durationMs)) {
                throw new IllegalArgumentException("--kill-at must be within --duration");
            }
            if (antiEntropyMs < 1000) {
                throw new IllegalArgumentException("--anti-entropy must be at least 1s");
            }
            if (!(duplication >= 0 && duplication < 1)) {
                throw new IllegalArgumentException("--duplication must be in [0, 1), got " + duplication);
            }
        }

        public static Config defaults() {
            return new Config(1000, 30 * 60_000, "none", 0, 1, 10_000, 3, 100, 2, 0, 0, 16, 0.2,
                    DhtConfig.defaults().antiEntropyMs(), 0, true);
        }

        /** The command line that replays this run exactly. */
        public String replayCommand() {
            return String.format("vigne sim dht --nodes %d --duration %dms --churn %s --loss %s --seed %d --keys %d"
                            + " --replicas %d --value-bytes %d --ops %s --kill-fraction %s --kill-at %dms --leaf-set %d"
                            + " --leave-fraction %s --anti-entropy %dms --duplication %s%s",
                    nodes, durationMs, churn, loss, seed, keys, replicas, valueBytes, opsPerMinute, killFraction,
                    killAtMs, leafSetSize, leaveFraction, antiEntropyMs, duplication, jitter ? "" : " --no-reordering");
        }
    }

    /** The figures of one run. */
    public record Result(int nodes, long seed, String churn, double loss, int keys, int replicas, int valueBytes,
                         double antiEntropySeconds, double simulatedSeconds, long keysAcked, long puts, long putsAcked,
                         long conflicts, long gets, long getsLatest, double getsLatestRatio, long getsStale,
                         long getsFailed, long getsWrongValue, int keysLost, int keysLostDuringRun,
                         long writesOrderedStale, int underReplicatedAtEnd, int killed, int keysWithAllReplicasKilled,
                         double churnUnderReplicated, double recoverySeconds, List<Integer> underReplicatedByMinute,
                         double meanGetLatencyMs, double p99GetLatencyMs, double repairBytesPerNodePerSec,
                         Map<String, Double> repairBytesByType, double clientBytesPerNodePerSec, long syncs,
                         long handoffs, double backgroundKeyVisitsPerNodePerSec, double meanLiveNodes, int liveAtEnd,
                         long joins, long crashes, long leaves, double copiesPerKey, int maxPendingPerNode,
                         int maxEventQueue, boolean converged, double putPhaseSimSeconds, double wallSeconds,
                         long events) {
    }

    private final Config config;
    private final Progress progress;
    private final DhtConfig dhtConfig;
    private SimWorld world;
    private Simulator sim;
    private Population population;
    private Oracle oracle;
    private DhtLedger ledger;
    private boolean measuring;
    /** Added to by every partition's thread (the meter is called on the sender's). */
    private final LongAdder repairBytes = new LongAdder();
    private final Map<String, LongAdder> repairByType = new ConcurrentHashMap<>();
    private final LongAdder clientBytes = new LongAdder();
    private LossWatch losses;
    private final CounterTotals counters = new CounterTotals();
    private int initialPending;
    private int killed;
    private int keysWithAllReplicasKilled;

    private final int threads;

    public DhtExperiment(Config config, Progress progress) {
        this(config, progress, 1);
    }

    /**
     * Runs the nodes' events on {@code threads} threads (partitions of the nodes): the figures are
     * the same for any number. What the nodes' callbacks change in the experiment (the ledger, the
     * loss watch, retries) is deferred to the end of each window ({@link Simulator#defer}).
     */
    public DhtExperiment(Config config, Progress progress, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.config = config;
        this.progress = progress;
        this.threads = threads;
        this.dhtConfig = DhtConfig.defaults().withAntiEntropyMs(config.antiEntropyMs());
    }

    public Result run() {
        long wall0 = System.nanoTime();
        ChurnModel churn = ChurnModel.parse(config.churn());
        world = new SimWorld(NetworkModel.wideArea(config.loss(), config.duplication(), config.jitter()), config.seed());
        world.describeRun(config.replayCommand());
        world.setPartitions(threads);
        sim = world.sim();
        oracle = new Oracle();
        OverlayConfig oc = OverlayConfig.defaults().withLeafSetSize(config.leafSetSize());
        population = new Population(world, oracle, DhtNode.setup(oc, dhtConfig, DHT, config.replicas()));
        world.setMeter(this::meter);
        RingBuilder.Built built = RingBuilder.build(population, config.nodes(), config.leafSetSize(), progress);

        long putStart = sim.nowMs();
        putAllKeys();
        double putPhase = (sim.nowMs() - putStart) / 1000.0;

        long t0 = sim.nowMs();
        long end = t0 + config.durationMs();
        measuring = true;
        long joins0 = population.joins();
        long crashes0 = population.crashes();
        long leaves0 = population.leaves();
        losses = new LossWatch(oracle, ledger);
        counters.start(oracle.members());
        population.onDeparture((n, graceful) -> {
            losses.departing(n, sim.nowMs());
            counters.departing(n);
        });
        new ChurnDriver(population, churn, config.leaveFraction()).start();
        RecoveryWatch recovery = null;
        if (config.killFraction() > 0) {
            sim.schedule(t0 + config.killAtMs(), event(this::kill));
            recovery = new RecoveryWatch(t0, t0 + config.killAtMs(),
                    () -> DhtReplicaCheck.check(oracle, config.replicas(), ledger.ackedKeys(), false).underReplicated());
        }
        planOps(t0, end - dhtConfig.opTimeoutMs());
        double liveSum = 0;
        long samples = 0;
        int maxPending = 0;
        int maxQueue = 0;
        while (sim.nowMs() < end) {
            sim.runUntil(Math.min(end, sim.nowMs() + 1000));
            losses.check(sim.nowMs());
            if (recovery != null) {
                recovery.tick(sim.nowMs());
            }
            liveSum += oracle.size();
            samples++;
            maxQueue = Math.max(maxQueue, sim.pending());
            if (samples % 10 == 0) {
                maxPending = Math.max(maxPending, maxPendingWork());
            }
            progress.report(String.format("sim %d/%d s, %d live, %d gets (%d latest), %d puts",
                    (sim.nowMs() - t0) / 1000, config.durationMs() / 1000, oracle.size(), ledger.gets,
                    ledger.getsLatest, ledger.puts));
        }
        measuring = false;
        losses.check(sim.nowMs());
        counters.finish(oracle.members());
        double seconds = config.durationMs() / 1000.0;
        double meanLive = samples == 0 ? 0 : liveSum / samples;
        DhtReplicaCheck.Report check = DhtReplicaCheck.check(oracle, config.replicas(), ledger.ackedKeys());
        losses.lostAtEnd(check.lostKeys());
        long copies = 0;
        for (SimNode n : oracle.members()) {
            copies += DhtNode.of(n).dht().localKeyCount();
        }
        Reference.reachabilityFence(world);
        double wall = (System.nanoTime() - wall0) / 1e9;
        double perNodeSec = Math.max(1, meanLive) * seconds;
        Map<String, Double> byType = new LinkedHashMap<>();
        new TreeMap<>(repairByType).forEach((type, bytes) -> byType.put(type, round(bytes.sum() / perNodeSec)));
        return new Result(config.nodes(), config.seed(), config.churn(), config.loss(), config.keys(),
                config.replicas(), config.valueBytes(), config.antiEntropyMs() / 1000.0, round(seconds), check.keys(),
                ledger.puts, ledger.putsAcked, ledger.conflicts, ledger.gets, ledger.getsLatest,
                ratio(ledger.getsLatest, ledger.gets), ledger.getsStale, ledger.getsFailed, ledger.getsWrongValue,
                check.lost(), losses.keysLostDuringRun(), losses.writesOrderedStale(),
                check.underReplicated(), killed, keysWithAllReplicasKilled,
                recovery == null ? 0 : round(recovery.churnLevel()), recovery == null ? -1 : recovery.recoverySeconds(),
                recovery == null ? List.of() : recovery.underReplicatedByMinute(),
                round(ledger.getLatency.mean()), ledger.getLatency.quantile(0.99), round(repairBytes.sum() / perNodeSec),
                byType, round(clientBytes.sum() / perNodeSec), counters.syncs(), counters.handoffs(),
                round(counters.backgroundKeyVisits() / perNodeSec), round(meanLive), oracle.size(),
                population.joins() - joins0, population.crashes() - crashes0, population.leaves() - leaves0,
                round((double) copies / Math.max(1, check.keys())), maxPending, maxQueue, built.converged(),
                round(putPhase), round(wall), sim.eventsFired());
    }

    private void meter(Message m, int bytes) {
        if (!measuring) {
            return;
        }
        if (DhtMessage.maintenance(m)) {
            repairBytes.add(bytes);
            Message x = m instanceof OverlayMessage.Route r ? r.payload() : m;
            repairByType.computeIfAbsent(x.getClass().getSimpleName(), k -> new LongAdder()).add(bytes);
        } else if (m instanceof DhtMessage || (m instanceof OverlayMessage.Route r && r.payload() instanceof DhtMessage)) {
            clientBytes.add(bytes);
        }
    }

    // ---- put phase --------------------------------------------------------------------------

    /** Puts every key from random members, spread over a short period, retrying failures; waits for all. */
    private void putAllKeys() {
        SplittableRandom rnd = world.random();
        Id[] keys = new Id[config.keys()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Id.random(rnd);
        }
        ledger = new DhtLedger(keys);
        long spreadMs = Math.max(5_000, keys.length * 5L);
        long t = sim.nowMs();
        initialPending = keys.length;
        for (int i = 0; i < keys.length; i++) {
            int k = i;
            sim.schedule(t + (long) i * spreadMs / Math.max(1, keys.length), event(() -> putInitial(k, 1)));
        }
        long limit = t + spreadMs + 5 * 60_000;
        while (sim.nowMs() < limit && (initialPending > 0 || sim.nowMs() < t + spreadMs)) {
            sim.runUntil(sim.nowMs() + 1000);
            progress.report("putting keys: " + (keys.length - initialPending) + "/" + keys.length + " done");
        }
        sim.runUntil(sim.nowMs() + dhtConfig.antiEntropyMs());
    }

    private void putInitial(int k, int attempt) {
        SimNode issuer = population.randomMember();
        DhtNode dn = DhtNode.of(issuer);
        byte[] value = randomValue();
        dn.dht().put(ledger.key(k), value, r -> sim.defer(() -> {
            ledger.putDone(k, value, r, sim.nowMs());
            if (!r.ok() && attempt < MAX_PUT_ATTEMPTS) {
                sim.after(1000, () -> putInitial(k, attempt + 1));
            } else {
                initialPending--;
            }
        }));
    }

    private byte[] randomValue() {
        byte[] v = new byte[config.valueBytes()];
        world.random().nextBytes(v);
        return v;
    }

    // ---- workload ---------------------------------------------------------------------------------

    /**
     * Plans the operations of the next {@link #PLAN_MS} (a Poisson process over the live members),
     * each issued from its issuer's own timer: one world event a second instead of one per
     * operation, which would cut the windows of a run on several threads short (10,000 nodes
     * issue 333 a second). An issuer that departs before its operation's time never issues it.
     */
    private void planOps(long from, long stopMs) {
        if (config.opsPerMinute() <= 0 || config.keys() == 0 || from >= stopMs) {
            return;
        }
        long until = Math.min(stopMs, from + PLAN_MS);
        double perMs = config.opsPerMinute() * Math.max(1, population.memberCount()) / 60_000.0;
        SplittableRandom rnd = world.random();
        long at = from;
        while (population.memberCount() > 0) {
            at += Math.max(1, Math.round(-Math.log(1 - rnd.nextDouble()) / perMs));
            if (at >= until) {
                break;
            }
            SimNode issuer = population.randomMember();
            int k = rnd.nextInt(ledger.size());
            double u = rnd.nextDouble();
            byte[] value = u < 0.5 ? null : randomValue();
            long issuedAt = at;
            issuer.schedule(at - from, () -> issueOp(issuer, k, u, value, issuedAt));
        }
        sim.schedule(until, event(() -> planOps(until, stopMs)));
    }

    /**
     * Issues one operation, in its issuer's event: half gets, a quarter puts, a quarter conditional
     * puts after a get. The ledger read here holds every completion of the windows before this one
     * (completions are counted after their window); {@link DhtLedger#ackedBefore} adds, when the
     * operation completes, an acknowledgement earlier in this window.
     */
    private void issueOp(SimNode issuer, int k, double u, byte[] value, long issuedAt) {
        DhtNode dn = DhtNode.of(issuer);
        if (dn == null) {
            return;
        }
        Id key = ledger.key(k);
        long ackedAtIssue = ledger.acked(k);
        if (u < 0.5) {
            dn.dht().get(key, r -> sim.defer(() -> {
                if (r.status() == DhtResult.Status.UNAVAILABLE && !oracle.contains(issuer)) {
                    return;
                }
                ledger.getDone(k, ledger.ackedBefore(k, ackedAtIssue, issuedAt), sim.nowMs() - issuedAt, r);
            }));
        } else if (u < 0.75) {
            dn.dht().put(key, value, r -> countPut(issuer, k, ackedAtIssue, issuedAt, value, r));
        } else {
            dn.dht().get(key, read -> {
                if (read.ok() || read.status() == DhtResult.Status.NOT_FOUND) {
                    dn.dht().putIfVersion(key, value, read.ok() ? read.version() : 0,
                            r -> countPut(issuer, k, ackedAtIssue, issuedAt, value, r));
                }
            });
        }
    }

    /** A put's completion, in the issuer's event: counted after the window. */
    private void countPut(SimNode issuer, int k, long ackedAtIssue, long issuedAt, byte[] value, DhtResult r) {
        sim.defer(() -> {
            if (r.status() == DhtResult.Status.UNAVAILABLE && !oracle.contains(issuer)) {
                return;
            }
            if (r.ok()) {
                losses.putAcknowledged(k, ledger.ackedBefore(k, ackedAtIssue, issuedAt), r.version());
            }
            ledger.putDone(k, value, r, sim.nowMs());
        });
    }

    /** Crashes the chosen fraction of the members at once, first counting the keys all of whose replicas are among them. */
    private void kill() {
        List<SimNode> members = new ArrayList<>(population.members());
        members.sort((a, b) -> Integer.compare(a.index(), b.index()));
        int n = (int) Math.round(members.size() * config.killFraction());
        SplittableRandom rnd = world.random();
        java.util.Set<SimNode> victims = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(members.size() - i);
            SimNode victim = members.get(j);
            members.set(j, members.get(i));
            members.set(i, victim);
            victims.add(victim);
        }
        for (Id key : ledger.ackedKeys().keySet()) {
            if (victims.containsAll(oracle.closest(key, config.replicas()))) {
                keysWithAllReplicasKilled++;
            }
        }
        for (int i = 0; i < n; i++) {
            population.crash(members.get(i));
            killed++;
        }
    }

    private int maxPendingWork() {
        int max = 0;
        for (SimNode n : oracle.members()) {
            DhtNode d = DhtNode.of(n);
            if (d != null) {
                max = Math.max(max, d.service().pendingWork());
            }
        }
        return max;
    }

    private static SimEvent event(Runnable action) {
        return new SimEvent() {
            @Override
            protected void fire() {
                action.run();
            }
        };
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1.0 : (double) a / b;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
