package org.vigne.sim.dht;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtResult;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.Scenarios;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.experiment.DhtNode;
import org.vigne.sim.experiment.DhtReplicaCheck;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * A simulated DHT for scenarios: a converged ring of overlay + DHT nodes, the keys acknowledged so
 * far (latest version and value of each), a small client workload that checks every get against
 * them, and a fault model (crashes, graceful leaves, joins) that can keep the crashes of a window
 * of time away from each other's replica sets, over a network that may lose, duplicate and
 * reorder messages. Everything derives from {@code (scenario, seed)}; {@link #toString} names both
 * and the command that replays the scenario.
 */
final class DhtTestbed {
    static final String DHT = "test";

    final String scenario;
    final long seed;
    final int replicas;
    final SimWorld world;
    final Simulator sim;
    final Oracle oracle = new Oracle();
    final Population population;
    final Map<Id, Long> acked = new LinkedHashMap<>();
    /** The value of each key's latest acknowledged version. */
    final Map<Id, byte[]> ackedValues = new LinkedHashMap<>();
    /** Gets that returned less than the latest value acknowledged before they were issued: a broken promise. */
    final List<String> staleGets = new ArrayList<>();
    long gets;
    /** Gets that timed out or found the DHT unavailable: no answer, not a wrong one. */
    long failedGets;
    long putsAcked;
    /** Simulated time the last {@link #await}ed operation took. */
    long lastLatencyMs;
    /** Longest a put or get may take on a quiet ring: sync, store and the client's two legs, at most 330 ms each. */
    static final long QUIET_OP_MS = 1_400;
    private final String network;
    private final String replay;
    private final List<Recent> recentCrashes = new ArrayList<>();
    private boolean workload;

    private record Recent(Id id, long atMs) {
    }

    DhtTestbed(String scenario, long seed, int nodes, int replicas, DhtConfig dc, BiConsumer<SimNode, DhtNode> onBoot) {
        this(scenario, seed, nodes, replicas, dc, NetworkModel.wideArea(0), "no loss", onBoot);
    }

    /**
     * A ring of {@code nodes} converged over {@code network} ({@code networkText} describes it in
     * failure messages), each node with a DHT of degree {@code replicas}; {@code onBoot} runs on
     * every node incarnation after its services are installed.
     */
    DhtTestbed(String scenario, long seed, int nodes, int replicas, DhtConfig dc, NetworkModel network,
               String networkText, BiConsumer<SimNode, DhtNode> onBoot) {
        this.scenario = scenario;
        this.seed = seed;
        this.replicas = replicas;
        this.network = networkText;
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass).filter(c -> c != DhtTestbed.class).findFirst())
                .orElse(DhtTestbed.class);
        this.replay = Scenarios.replayTest(caller, scenario);
        this.world = new SimWorld(network, seed);
        world.describeRun(toString());
        this.sim = world.sim();
        NodeSetup inner = DhtNode.setup(OverlayConfig.defaults(), dc, DHT, replicas);
        NodeSetup setup = (env, stack) -> {
            NodeSetup.Installed i = inner.install(env, stack);
            onBoot.accept((SimNode) env, (DhtNode) i.services());
            return i;
        };
        this.population = new Population(world, oracle, setup);
        RingBuilder.Built b = RingBuilder.build(population, nodes, 16, Progress.silent());
        if (!b.converged()) {
            throw new IllegalStateException(this + ": the ring did not converge");
        }
    }

    DhtTestbed(String scenario, long seed, int nodes, int replicas) {
        this(scenario, seed, nodes, replicas, DhtConfig.defaults(), (n, d) -> { });
    }

    @Override
    public String toString() {
        return scenario + " (" + (population == null ? "" : "nodes " + population.memberCount() + ", ") + "r " + replicas
                + ", " + network + ", seed " + seed + "; " + replay + ")";
    }

    void run(long ms) {
        sim.runUntil(sim.nowMs() + ms);
    }

    SplittableRandom random() {
        return world.random();
    }

    static Dht dht(SimNode n) {
        return DhtNode.of(n).dht();
    }

    /** Runs one operation from {@code n} and the simulation until it completes. */
    DhtResult await(SimNode n, BiConsumer<Dht, Consumer<DhtResult>> op) {
        DhtResult[] out = new DhtResult[1];
        long start = sim.nowMs();
        long[] doneAt = new long[1];
        op.accept(dht(n), r -> {
            out[0] = r;
            doneAt[0] = sim.nowMs();
        });
        long limit = sim.nowMs() + 30_000;
        while (out[0] == null && sim.nowMs() < limit) {
            run(50);
        }
        if (out[0] == null) {
            throw new AssertionError(this + ": an operation never completed");
        }
        lastLatencyMs = doneAt[0] - start;
        return out[0];
    }

    /**
     * As {@link #await}, on a quiet converged ring: the operation must complete within
     * {@link #QUIET_OP_MS}. The client sends straight to the root, which syncs in one round trip if
     * it must and writes in one more, so only a lost or ignored message (a retry after
     * {@code opRetryMs}, a sync that waits for its timeout) takes longer.
     */
    DhtResult awaitQuiet(SimNode n, BiConsumer<Dht, Consumer<DhtResult>> op) {
        DhtResult r = await(n, op);
        if (lastLatencyMs > QUIET_OP_MS) {
            throw new AssertionError(this + ": an operation on a quiet ring took " + lastLatencyMs + " simulated ms (> "
                    + QUIET_OP_MS + "): a retry or a sync timeout where one round trip per step should do; " + r);
        }
        return r;
    }

    /**
     * A random member outside {@code key}'s r replicas: a client that a scenario crashing the key's
     * root or replicas never crashes, whatever the random stream chose before.
     */
    SimNode clientFor(Id key) {
        List<SimNode> replicaSet = oracle.closest(key, replicas);
        List<SimNode> others = new ArrayList<>();
        for (SimNode m : population.members()) {
            if (!replicaSet.contains(m)) {
                others.add(m);
            }
        }
        if (others.isEmpty()) {
            throw new IllegalStateException(this + ": every member replicates " + key.shortString());
        }
        return others.get(world.random().nextInt(others.size()));
    }

    byte[] value(int bytes) {
        byte[] v = new byte[bytes];
        world.random().nextBytes(v);
        return v;
    }

    /** Puts {@code count} random keys from random members, spread over a few seconds; waits for every ack. */
    List<Id> putKeys(int count) {
        List<Id> keys = new ArrayList<>();
        int[] left = {count};
        for (int i = 0; i < count; i++) {
            Id key = Id.random(world.random());
            keys.add(key);
            sim.after(i * 20L, () -> putUntilAcked(key, left));
        }
        long limit = sim.nowMs() + count * 20L + 120_000;
        while (left[0] > 0 && sim.nowMs() < limit) {
            run(500);
        }
        if (left[0] > 0) {
            throw new AssertionError(this + ": " + left[0] + " initial puts were never acknowledged");
        }
        return keys;
    }

    private void putUntilAcked(Id key, int[] left) {
        byte[] v = value(64);
        dht(population.randomMember()).put(key, v, r -> {
            if (r.ok()) {
                ackedPut(key, v, r);
                left[0]--;
            } else {
                sim.after(500, () -> putUntilAcked(key, left));
            }
        });
    }

    /** Records that a put of {@code value} to {@code key} was acknowledged. */
    void ackedPut(Id key, byte[] value, DhtResult r) {
        putsAcked++;
        Long before = acked.get(key);
        if (before == null || r.version() > before) {
            acked.put(key, r.version());
            ackedValues.put(key, value);
        }
    }

    /**
     * Checks a get of {@code key} issued when {@code required} was its latest acknowledged version;
     * a wrong answer is added to {@link #staleGets} with {@code at}, the time it was issued.
     */
    void checkGet(Id key, long required, long at, DhtResult r) {
        gets++;
        if (r.status() == DhtResult.Status.TIMEOUT || r.status() == DhtResult.Status.UNAVAILABLE) {
            failedGets++;
            return;
        }
        String wrong = null;
        if (!r.ok() && required > 0) {
            wrong = r.status() + " " + r.error();
        } else if (r.ok() && r.version() < required) {
            wrong = "v" + r.version();
        } else if (r.ok() && r.version() == acked.getOrDefault(key, 0L)
                && !java.util.Arrays.equals(r.value(), ackedValues.get(key))) {
            wrong = "another value at v" + r.version();
        }
        if (wrong != null) {
            staleGets.add(key.shortString() + " read at " + at + " ms: " + wrong + ", latest acknowledged v" + required);
        }
    }

    /** Starts gets and puts of random known keys, {@code perSecond} in all, each get checked against the acks. */
    void startWorkload(double perSecond) {
        workload = true;
        scheduleOp(perSecond);
    }

    void stopWorkload() {
        workload = false;
    }

    private void scheduleOp(double perSecond) {
        long gap = Math.max(1, Math.round(-Math.log(1 - world.random().nextDouble()) * 1000 / perSecond));
        sim.after(gap, () -> {
            if (!workload) {
                return;
            }
            issueOp();
            scheduleOp(perSecond);
        });
    }

    private void issueOp() {
        if (acked.isEmpty() || population.memberCount() == 0) {
            return;
        }
        List<Id> keys = new ArrayList<>(acked.keySet());
        Id key = keys.get(world.random().nextInt(keys.size()));
        SimNode issuer = population.randomMember();
        if (world.random().nextBoolean()) {
            long required = acked.get(key);
            long at = sim.nowMs();
            dht(issuer).get(key, r -> {
                if (r.status() == DhtResult.Status.UNAVAILABLE && !oracle.contains(issuer)) {
                    return;
                }
                checkGet(key, required, at, r);
            });
        } else {
            byte[] v = value(64);
            dht(issuer).put(key, v, r -> {
                if (r.ok()) {
                    ackedPut(key, v, r);
                }
            });
        }
    }

    // ---- fault model -------------------------------------------------------------------------

    /**
     * A random member that is not among the {@code replicas - 1} ring neighbours (either side) of a
     * node crashed in the last {@code windowMs}: so no r replicas of a key crash within the window.
     */
    SimNode victim(long windowMs) {
        recentCrashes.removeIf(c -> sim.nowMs() - c.atMs() > windowMs);
        for (int attempt = 0; attempt < 100; attempt++) {
            SimNode n = population.randomMember();
            if (farFromRecentCrashes(n)) {
                return n;
            }
        }
        return null;
    }

    /** True when no node crashed in the window lay within r positions of {@code n}'s place on the ring. */
    private boolean farFromRecentCrashes(SimNode n) {
        for (Recent c : recentCrashes) {
            for (SimNode s : oracle.closest(c.id(), 2 * replicas)) {
                if (s == n) {
                    return false;
                }
            }
        }
        return true;
    }

    void crash(SimNode n) {
        recentCrashes.add(new Recent(n.self().id(), sim.nowMs()));
        population.crash(n);
    }

    void joinNew() {
        population.bootAndJoin(world.newNode());
    }

    /**
     * The copies outside their key's r replicas that are still there, at the same version, after
     * {@code laterMs} more: a false suspicion under loss makes spare copies on purpose (the DHT's
     * replica sets skip a suspect until the overlay clears it) and the next hand-off rounds remove
     * them, so only a copy that outlives those rounds is left behind. Runs the simulation on.
     */
    Set<String> lingeringStrays(long laterMs) {
        Set<String> before = strays();
        run(laterMs);
        before.retainAll(strays());
        return before;
    }

    private Set<String> strays() {
        Set<String> out = new TreeSet<>();
        DhtReplicaCheck.forEachStray(oracle, replicas, acked,
                (n, key, version) -> out.add(key.shortString() + " v" + version + " on node " + n.index()));
        return out;
    }

    DhtReplicaCheck.Report check() {
        return DhtReplicaCheck.check(oracle, replicas, acked);
    }
}
