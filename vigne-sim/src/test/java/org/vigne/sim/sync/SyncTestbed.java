package org.vigne.sim.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vigne.data.DataConfig;
import org.vigne.dht.DhtConfig;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Role;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.data.DataNode;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;
import org.vigne.sync.SyncConfig;
import org.vigne.sync.SyncStateMachine;
import org.vigne.sync.Synchronisation;

/**
 * A converged ring of nodes with the synchronisation service, for scripted scenarios: faults
 * injected at the network (loss, duplication) and by crashing chosen nodes, the replicas of an
 * application's sync group found through the nodes' own state, and one {@link SyncChecker}.
 * Everything derives from {@code (scenario, seed)}, printed by {@link #toString} in every failure.
 */
final class SyncTestbed {
    final String scenario;
    final long seed;
    final SimWorld world;
    final Simulator sim;
    final Population population;
    final SyncChecker checker = new SyncChecker();

    SyncTestbed(String scenario, long seed, int nodes, double loss, double duplication) {
        this.scenario = scenario;
        this.seed = seed;
        this.world = new SimWorld(new NetworkModel(5, 150, 0.1, loss, duplication), seed);
        this.sim = world.sim();
        this.population = new Population(world, new Oracle(), DataNode.setup(OverlayConfig.defaults(),
                DhtConfig.defaults(), DataConfig.defaults(), GcsConfig.defaults(), SyncConfig.defaults()));
        RingBuilder.Built b = RingBuilder.build(population, nodes, 16, Progress.silent());
        if (!b.converged()) {
            throw new IllegalStateException(this + ": the ring did not converge");
        }
    }

    @Override
    public String toString() {
        return scenario + " (seed " + seed + "; replay: run this test with the same seed)";
    }

    void run(long ms) {
        sim.runUntil(sim.nowMs() + ms);
    }

    /** Runs until {@code done} says so or {@code limitMs} passed; true when it did. */
    boolean runUntil(java.util.function.BooleanSupplier done, long limitMs) {
        long end = sim.nowMs() + limitMs;
        while (!done.getAsBoolean() && sim.nowMs() < end) {
            run(100);
        }
        return done.getAsBoolean();
    }

    static DataNode node(SimNode n) {
        return DataNode.of(n);
    }

    /** A live member that is none of {@code avoid}. */
    SimNode liveMember(List<SimNode> avoid) {
        for (int i = 0; i < 1000; i++) {
            SimNode n = population.randomMember();
            if (!avoid.contains(n) && n.alive()) {
                return n;
            }
        }
        throw new IllegalStateException(this + ": no live member outside " + avoid.size() + " nodes");
    }

    /** Starts {@code app}'s sync epoch from {@code state} from a live node, again from another until it applies. */
    void startEpoch(String app, org.vigne.sync.SyncState state, Consumer<SubmitResult> applied) {
        SimNode from = liveMember(List.of());
        node(from).sync().control().startEpoch(app, state, r -> {
            if (r.ok()) {
                applied.accept(r);
            } else {
                startEpoch(app, state, applied);
            }
        });
    }

    /** The live nodes hosting a replica of {@code app}'s sync group, the leader first. */
    List<SimNode> replicaNodes(String app) {
        GroupId g = Synchronisation.groupOf(app);
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : population.members()) {
            GroupInfo i = node(n) == null ? null : node(n).gcs().info(g);
            if (i != null) {
                if (i.role() == Role.LEADER) {
                    out.add(0, n);
                } else {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The state machine of the leader's replica of {@code app}'s sync group, or null without a leader. */
    SyncStateMachine leaderState(String app) {
        List<SimNode> r = replicaNodes(app);
        return r.isEmpty() ? null : node(r.get(0)).sync().replica(app);
    }

    /** Crashes {@code n} now and boots a fresh node in its place after {@code backMs}. */
    void crashAndReplace(SimNode n, long backMs) {
        population.crash(n);
        sim.after(backMs, () -> population.bootAndJoin(world.newNode()));
    }
}
