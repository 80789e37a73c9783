package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.data.AccessResult;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.data.DataConfig;
import org.vigne.dht.DhtConfig;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.Operation;
import org.vigne.sim.Simulator;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * A converged ring of data nodes for scripted scenarios: one application driven by the
 * {@link ApplicationManagerStandIn}, accesses issued from chosen nodes and recorded in a history,
 * and the simulation run until they complete. Everything derives from {@code (scenario, seed)}.
 */
final class DataTestbed {
    static final String APP = "app";

    final String scenario;
    final long seed;
    final SimWorld world;
    final Simulator sim;
    final Population population;
    final ApplicationManagerStandIn manager;
    final DataHistory history = new DataHistory();

    DataTestbed(String scenario, long seed, int nodes, NetworkModel network, ConsistencyProtocol protocol,
                DataConfig config) {
        this.scenario = scenario;
        this.seed = seed;
        this.world = new SimWorld(network, seed);
        this.sim = world.sim();
        this.population = new Population(world, new Oracle(),
                DataNode.setup(OverlayConfig.defaults(), DhtConfig.defaults(), config));
        RingBuilder.Built b = RingBuilder.build(population, nodes, 16, Progress.silent());
        if (!b.converged()) {
            throw new IllegalStateException(this + ": the ring did not converge");
        }
        this.manager = new ApplicationManagerStandIn(APP, protocol);
    }

    DataTestbed(String scenario, long seed, int nodes, ConsistencyProtocol protocol) {
        this(scenario, seed, nodes, NetworkModel.wideArea(0), protocol, DataConfig.defaults());
    }

    @Override
    public String toString() {
        return scenario + " (" + manager.protocol().specName() + ", seed " + seed + ")";
    }

    /** {@code count} distinct live members, in index order (deterministic). */
    List<SimNode> nodes(int count) {
        List<SimNode> all = new ArrayList<>(population.members());
        all.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new ArrayList<>(all.subList(0, count));
    }

    void run(long ms) {
        sim.runUntil(sim.nowMs() + ms);
    }

    /** An access in flight; its result once it returned. */
    static final class Pending {
        AccessResult result;
        private Runnable then;

        boolean done() {
            return result != null;
        }

        /** Runs {@code action} (on the event loop) once the access returned. */
        void then(Runnable action) {
            then = action;
        }
    }

    /**
     * Records an access's outcome. An access that failed never took effect (an access takes
     * effect at the instant it completes), so it is dropped from the history: the checker then
     * also verifies that claim.
     */
    private Consumer<AccessResult> recorder(Pending p, int h, Operation.Kind op) {
        return r -> {
            p.result = r;
            long now = sim.nowMs();
            if (r.ok() && op == Operation.Kind.READ) {
                history.returnRead(h, r.value(), now);
            } else if (r.ok() && op == Operation.Kind.WRITE) {
                history.returnWrite(h, now);
            } else if (op == Operation.Kind.CAS && (r.ok() || r.status() == AccessResult.Status.CONFLICT)) {
                history.returnCas(h, r.ok(), now);
            } else {
                history.refused(h);
            }
            if (p.then != null) {
                p.then.run();
            }
        };
    }

    Pending read(SimNode n, String object) {
        Pending p = new Pending();
        int h = history.callRead(process(n), manager.epoch(), object, sim.nowMs());
        DataNode.of(n).objects().read(APP, object, recorder(p, h, Operation.Kind.READ));
        return p;
    }

    Pending write(SimNode n, String object, String value) {
        Pending p = new Pending();
        int h = history.callWrite(process(n), manager.epoch(), object, bytes(value), sim.nowMs());
        DataNode.of(n).objects().write(APP, object, bytes(value), recorder(p, h, Operation.Kind.WRITE));
        return p;
    }

    Pending compareAndSet(SimNode n, String object, String expected, String value) {
        Pending p = new Pending();
        int h = history.callCas(process(n), manager.epoch(), object, bytes(expected), bytes(value), sim.nowMs());
        DataNode.of(n).objects().compareAndSet(APP, object, bytes(expected), bytes(value),
                recorder(p, h, Operation.Kind.CAS));
        return p;
    }

    /** Runs the simulation until every access in {@code ps} returned, failing after {@code limitMs}. */
    void await(long limitMs, Pending... ps) {
        long end = sim.nowMs() + limitMs;
        while (sim.nowMs() < end && !allDone(ps)) {
            run(10);
        }
        assertThat(allDone(ps)).as("%s: accesses returned within %d ms", this, limitMs).isTrue();
    }

    static boolean allDone(Pending... ps) {
        for (Pending p : ps) {
            if (!p.done()) {
                return false;
            }
        }
        return true;
    }

    AccessResult awaitOne(Pending p) {
        await(30_000, p);
        return p.result;
    }

    /**
     * Starts the application on the first {@code count} nodes; the first writes "1" (becoming the
     * master) and every other reads it, so each holds a READ copy in the master's copy set.
     */
    List<SimNode> startWithCopies(int count) {
        List<SimNode> m = nodes(count);
        manager.start(m, Map.of());
        awaitOne(write(m.get(0), "x", "1"));
        Pending[] reads = new Pending[count - 1];
        for (int i = 1; i < count; i++) {
            reads[i - 1] = read(m.get(i), "x");
        }
        await(10_000, reads);
        return m;
    }

    /** Reads {@code object} from {@code n}, runs until it returns, and gives the value read. */
    String readValue(SimNode n, String object) {
        Pending p = read(n, object);
        AccessResult r = awaitOne(p);
        assertThat(r.status()).as("%s: read status", this).isEqualTo(AccessResult.Status.OK);
        return LoopApplication.text(r.value());
    }

    /** Restarts the application on {@code nodes} from a checkpoint, recording the epoch's starting values. */
    void restart(List<SimNode> nodes, Map<String, byte[]> values) {
        manager.start(nodes, values);
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            history.restart(manager.epoch(), e.getKey(), e.getValue(), sim.nowMs());
        }
    }

    void assertLinearizable() {
        CheckReport r = history.check();
        assertThat(r.linearizable()).as("%s: history linearizable\n%s", this, r.describe()).isTrue();
        assertThat(r.operations()).as("%s: operations checked", this).isPositive();
    }

    static String process(SimNode n) {
        return "n" + n.index();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
