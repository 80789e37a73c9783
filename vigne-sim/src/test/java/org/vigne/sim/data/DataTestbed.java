package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    final History history = new History();

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

    /** An access in flight, recorded in the history when it returns. */
    final class Pending {
        AccessResult result;
        final int handle;

        Pending(int handle) {
            this.handle = handle;
        }

        void complete(AccessResult r, String okOutput) {
            result = r;
            if (r.ok() || (r.status() == AccessResult.Status.CONFLICT)) {
                history.returned(handle, okOutput != null ? okOutput : LoopApplication.text(r.value()), sim.nowMs());
            } else {
                history.abandoned(handle);
            }
        }

        boolean done() {
            return result != null;
        }
    }

    Pending read(SimNode n, String object) {
        Pending p = new Pending(history.called(process(n), manager.epoch(), object, History.Op.READ, null, null,
                sim.nowMs()));
        DataNode.of(n).objects().read(APP, object, r -> p.complete(r, null));
        return p;
    }

    Pending write(SimNode n, String object, String value) {
        Pending p = new Pending(history.called(process(n), manager.epoch(), object, History.Op.WRITE, value, null,
                sim.nowMs()));
        DataNode.of(n).objects().write(APP, object, bytes(value), r -> p.complete(r, "ok"));
        return p;
    }

    Pending compareAndSet(SimNode n, String object, String expected, String value) {
        Pending p = new Pending(history.called(process(n), manager.epoch(), object, History.Op.CAS, value, expected,
                sim.nowMs()));
        DataNode.of(n).objects().compareAndSet(APP, object, bytes(expected), bytes(value),
                r -> p.complete(r, r.ok() ? "ok" : "conflict"));
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
            history.instant(History.RESTART, manager.epoch(), e.getKey(), History.Op.WRITE,
                    LoopApplication.text(e.getValue()), sim.nowMs());
        }
    }

    void assertLinearizable() {
        HistoryCheck.Report r = HistoryCheck.check(history);
        assertThat(r.failures()).as("%s: pieces of history that are not linearizable", this).isEmpty();
        assertThat(r.checked()).as("%s: pieces checked", this).isPositive();
    }

    static String process(SimNode n) {
        return "n" + n.index();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
