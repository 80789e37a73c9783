package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.dht.DhtConfig;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.OutputId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Role;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * A small simulated grid with group communication for scenarios: a converged ring of overlay +
 * DHT + group nodes, the checker watching every node, and helpers to create groups, submit
 * commands and find leaders. Everything derives from {@code (scenario, seed)}.
 */
final class GcsTestbed {
    static final String KIND = "test";

    final String scenario;
    final long seed;
    final int replicas;
    final SimWorld world;
    final Simulator sim;
    final Oracle oracle = new Oracle();
    final Population population;
    final GcsChecker checker = new GcsChecker();
    /** How many times each output reached its target's receiver (copies are dropped before it). */
    final Map<OutputId, Integer> deliveries = new HashMap<>();
    long acked;
    long failed;
    long submitted;

    GcsTestbed(String scenario, long seed, int nodes, int replicas, NetworkModel net, GcsConfig gc) {
        this.scenario = scenario;
        this.seed = seed;
        this.replicas = replicas;
        this.world = new SimWorld(net, seed);
        this.sim = world.sim();
        this.population = new Population(world, oracle, GcsNode.setup(OverlayConfig.defaults(), DhtConfig.defaults(),
                gc, KIND, replicas, checker, (id, payload) -> deliveries.merge(id, 1, Integer::sum)));
        RingBuilder.Built b = RingBuilder.build(population, nodes, 16, Progress.silent());
        if (!b.converged()) {
            throw new IllegalStateException(this + ": the ring did not converge");
        }
    }

    GcsTestbed(String scenario, long seed, int nodes, int replicas) {
        this(scenario, seed, nodes, replicas, NetworkModel.wideArea(0), GcsConfig.defaults());
    }

    @Override
    public String toString() {
        return scenario + " (nodes " + population.memberCount() + ", r " + replicas + ", seed " + seed + ")";
    }

    void run(long ms) {
        sim.runUntil(sim.nowMs() + ms);
    }

    static GcsNode node(SimNode n) {
        return GcsNode.of(n);
    }

    GroupId group(String name) {
        return new GroupId(KIND, Id.sha1(name));
    }

    /** Creates {@code g} from a random member and runs until it answers. */
    SubmitResult create(GroupId g) {
        SubmitResult[] out = new SubmitResult[1];
        node(population.randomMember()).gcs().createGroup(g, new byte[0], r -> out[0] = r);
        return await(out);
    }

    private SubmitResult await(SubmitResult[] out) {
        long limit = sim.nowMs() + 60_000;
        while (out[0] == null && sim.nowMs() < limit) {
            run(20);
        }
        if (out[0] == null) {
            throw new AssertionError(this + ": a submission never completed");
        }
        return out[0];
    }

    /** Submits a command from {@code from} without waiting; counts the outcome. */
    void submit(SimNode from, GroupId g) {
        GcsNode n = node(from);
        if (n == null) {
            return;
        }
        submitted++;
        byte[] cmd = ProbeMachine.command(from.self(), world.random().nextLong(), 48);
        n.gcs().submit(g, cmd, r -> {
            if (r.ok()) {
                acked++;
            } else {
                failed++;
            }
        });
    }

    /** Submits, from {@code from}, a command larger than one append message carries (70,000 bytes). */
    void submitLarge(SimNode from, GroupId g) {
        submitted++;
        byte[] cmd = ProbeMachine.command(from.self(), world.random().nextLong(), 70_000);
        node(from).gcs().submit(g, cmd, r -> {
            if (r.ok()) {
                acked++;
            }
        });
    }

    /** Creates the group {@code name} and commits one command in it, failing unless both succeed. */
    GroupId activeGroup(String name) {
        GroupId g = group(name);
        assertThat(create(g).status()).as(this + ": created").isEqualTo(SubmitResult.Status.OK);
        assertThat(submitAndWait(g).status()).as(this + ": a first command").isEqualTo(SubmitResult.Status.OK);
        return g;
    }

    /** Submits one command from a random member and runs until it completes. */
    SubmitResult submitAndWait(GroupId g) {
        SubmitResult[] out = new SubmitResult[1];
        SimNode from = population.randomMember();
        byte[] cmd = ProbeMachine.command(from.self(), world.random().nextLong(), 48);
        node(from).gcs().submit(g, cmd, r -> out[0] = r);
        return await(out);
    }

    /** The live nodes hosting a replica of {@code g}, with what each believes. */
    List<GroupInfo> replicas(GroupId g) {
        List<GroupInfo> out = new ArrayList<>();
        for (SimNode n : population.members()) {
            GcsNode gn = node(n);
            GroupInfo i = gn == null ? null : gn.gcs().info(g);
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** The live node that leads {@code g} in the highest term of its latest generation, or null. */
    SimNode leader(GroupId g) {
        SimNode best = null;
        long bestTerm = -1;
        long bestGen = Long.MIN_VALUE;
        for (SimNode n : population.members()) {
            GcsNode gn = node(n);
            GroupInfo i = gn == null ? null : gn.gcs().info(g);
            if (i != null && i.role() == Role.LEADER
                    && (i.generation() > bestGen || (i.generation() == bestGen && i.term() > bestTerm))) {
                best = n;
                bestTerm = i.term();
                bestGen = i.generation();
            }
        }
        return best;
    }

    /** The live nodes other than {@code leader} that host a replica of {@code g}, in the population's order. */
    List<SimNode> followers(GroupId g, SimNode leader) {
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : population.members()) {
            if (n != leader && node(n).gcs().info(g) != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The last of {@link #followers}, or null: the one the scenarios pick (their seeds' figures depend on which). */
    SimNode follower(GroupId g, SimNode leader) {
        List<SimNode> all = followers(g, leader);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** The highest index a live replica of {@code g}'s latest generation applied, -1 without one. */
    long liveApplied(GroupId g) {
        long latest = checker.latestGeneration(g);
        long best = -1;
        for (GroupInfo i : replicas(g)) {
            if (i.generation() == latest) {
                best = Math.max(best, i.applied());
            }
        }
        return best;
    }

    void crash(SimNode n) {
        population.crash(n);
    }

    /** Fails with the checker's first violations and the seed when any invariant broke. */
    void assertSafe() {
        if (checker.violations() > 0) {
            throw new AssertionError(this + ": " + checker.violations() + " violations: " + checker.described());
        }
    }
}
