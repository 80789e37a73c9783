package org.vigne.sim.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.AppState;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.node.ApiResult;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.raft.Role;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;
import org.vigne.sim.gcs.GcsChecker;

/**
 * A small converged ring of {@link AppsNode}s for scripted application scenarios, with the
 * checkers watching: submit through any node's API, find a component's host or a manager's
 * leader, crash them, and wait for outcomes. Everything derives from {@code (scenario, seed)},
 * which every failure message names.
 */
final class AppsTestbed {
    final String scenario;
    final long seed;
    final SimWorld world;
    final Simulator sim;
    final Oracle oracle = new Oracle();
    final Population population;
    final AppsChecker checker = new AppsChecker();
    final GcsChecker gcsChecker = new GcsChecker();
    final WorkLedger ledger;
    final List<ExecutionEvent> executions = new ArrayList<>();

    AppsTestbed(String scenario, long seed, int nodes, AppsNode.Setup setup) {
        this.scenario = scenario;
        this.seed = seed;
        this.world = new SimWorld(NetworkModel.wideArea(0), seed);
        this.sim = world.sim();
        this.ledger = new WorkLedger(world, setup.executor().speed(), Long.MAX_VALUE);
        ExecutionEvent.Observer executionsObserver = e -> {
            executions.add(e);
            checker.event(e);
            ledger.event(e);
        };
        this.population = new Population(world, oracle, AppsNode.setup(setup, new AppsNode.Observers(executionsObserver,
                new FailoverCounter(gcsChecker, ApplicationManager.KIND), checker)));
        if (!RingBuilder.build(population, nodes, 16, Progress.silent()).converged()) {
            throw new IllegalStateException(this + ": the ring did not converge");
        }
    }

    @Override
    public String toString() {
        return scenario + " (seed " + seed + ")";
    }

    void run(long ms) {
        sim.runUntil(sim.nowMs() + ms);
    }

    /** Runs until {@code done} or {@code limitMs} more simulated time; true when done. */
    boolean runUntil(BooleanSupplier done, long limitMs) {
        long limit = sim.nowMs() + limitMs;
        while (!done.getAsBoolean() && sim.nowMs() < limit) {
            run(200);
        }
        return done.getAsBoolean();
    }

    AppsNode node(SimNode n) {
        return AppsNode.of(n);
    }

    /** Calls {@code call} on a random live node's API and runs until it answers. */
    <T> ApiResult<T> call(java.util.function.BiConsumer<AppsNode, java.util.function.Consumer<ApiResult<T>>> call) {
        List<ApiResult<T>> out = new ArrayList<>();
        call.accept(node(population.randomMember()), out::add);
        if (!runUntil(() -> !out.isEmpty(), 120_000)) {
            throw new AssertionError(this + ": an API call never answered");
        }
        return out.get(0);
    }

    String submit(ApplicationSpec spec) {
        ApiResult<String> r = call((n, done) -> n.apps().api().submit(spec, Map.of(), done));
        if (!r.ok()) {
            throw new AssertionError(this + ": submission failed: " + r.status() + " " + r.error());
        }
        return r.value();
    }

    AppStatus status(String appId) {
        ApiResult<AppStatus> r = call((n, done) -> n.apps().api().status(appId, done));
        if (!r.ok()) {
            throw new AssertionError(this + ": status of " + appId + " failed: " + r.status() + " " + r.error());
        }
        return r.value();
    }

    /** Runs until the application reached a final state (as its managers committed it), at most {@code limitMs}. */
    AppState awaitFinal(String appId, long limitMs) {
        runUntil(() -> checker.fate(appId) != null, limitMs);
        return checker.fate(appId);
    }

    /** The live node whose executor runs {@code id}, or null. */
    SimNode hostOf(InstanceId id) {
        for (SimNode n : population.members()) {
            AppsNode a = node(n);
            if (a != null && a.executor().active().contains(id)) {
                return n;
            }
        }
        return null;
    }

    /** The live node that leads the manager of {@code appId} (latest generation and term), or null. */
    SimNode leaderOf(String appId) {
        SimNode best = null;
        long bestTerm = -1;
        long bestGen = Long.MIN_VALUE;
        for (SimNode n : population.members()) {
            AppsNode a = node(n);
            GroupInfo i = a == null ? null : a.gcs().info(ApplicationManager.groupOf(appId));
            if (i != null && i.role() == Role.LEADER
                    && (i.generation() > bestGen || (i.generation() == bestGen && i.term() > bestTerm))) {
                best = n;
                bestTerm = i.term();
                bestGen = i.generation();
            }
        }
        return best;
    }

    /** Live nodes hosting a replica of the manager of {@code appId}. */
    List<SimNode> replicasOf(String appId) {
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : population.members()) {
            AppsNode a = node(n);
            if (a != null && a.apps().replica(appId) != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** Execution events of one type for one application's component, in order. */
    List<ExecutionEvent> executions(String appId, int component, ExecutionEvent.Type type) {
        List<ExecutionEvent> out = new ArrayList<>();
        for (ExecutionEvent e : executions) {
            if (e.instance().appId().equals(appId) && e.instance().component() == component && e.type() == type) {
                out.add(e);
            }
        }
        return out;
    }

    void crash(SimNode n) {
        population.crash(n);
    }

    /** Cuts {@code n} off the network (both ways) for {@code ms}: it runs on, unheard, then comes back. */
    void isolate(SimNode n, long ms) {
        long until = sim.nowMs() + ms;
        world.setFilter((from, to, msg) -> sim.nowMs() >= until || (from != n && to.port() != n.index()));
    }

    /** Fails with the checkers' first violations and the seed when any invariant broke. */
    void assertSafe() {
        long v = checker.violations() + gcsChecker.violations();
        if (v > 0) {
            List<String> all = new ArrayList<>(checker.described());
            all.addAll(gcsChecker.described());
            throw new AssertionError(this + ": " + v + " violations: " + all);
        }
    }
}
