package org.vigne.sim.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.vigne.data.AccessResult;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.Simulator;
import org.vigne.sim.experiment.Stats;

/**
 * The application of the paper's evaluation (Sect. 7) on simulated nodes: W writer components and
 * R reader components, one per node, run L loops; in each loop every writer writes the shared
 * object, then every reader reads it. A coordinated checkpoint is taken before each loop (in null
 * time), and under the restart policy any failure of a node running a component restarts the
 * application at once from the last checkpoint, the failed components moved to other live nodes.
 *
 * <p>The phases are driven from here, in null time, until the synchronisation service provides
 * the barriers the paper's application uses (issue 12); restarts go through the
 * {@link ApplicationManagerStandIn} test driver until the application manager exists.
 */
final class LoopApplication {
    /** Name of the simulated application. */
    static final String APP = "loops";
    /** Name of its shared object. */
    static final String OBJECT = "x";
    /** How often the restart policy looks for failed components (virtual ms). */
    static final long WATCH_MS = 50;

    private enum Phase { WRITE, READ }

    private final Population population;
    private final Simulator sim;
    private final ApplicationManagerStandIn manager;
    private final DataHistory history;
    private final int writers;
    private final int readers;
    private final int loops;
    private final boolean restartOnFailure;
    private final SplittableRandom random;
    private final Stats latencyMs = new Stats();
    private List<SimNode> components = List.of();
    /** Accesses of the current run not returned yet. */
    private int outstandingCalls;
    /** The last checkpoint; before the first one, the object is empty (as if never written). */
    private Map<String, byte[]> checkpoint = Map.of(OBJECT, new byte[0]);
    private int checkpointLoop;
    private int loop;
    private Phase phase;
    private int outstanding;
    private int generation;
    private long restarts;
    private long accesses;
    private long abandoned;
    private boolean failed;
    private boolean done;
    private long startedMs;
    private long finishedMs = -1;

    LoopApplication(Population population, ApplicationManagerStandIn manager, DataHistory history, int writers,
                    int readers, int loops, boolean restartOnFailure) {
        this.population = population;
        this.sim = population.world().sim();
        this.manager = manager;
        this.history = history;
        this.writers = writers;
        this.readers = readers;
        this.loops = loops;
        this.restartOnFailure = restartOnFailure;
        this.random = population.world().random();
    }

    /** Places the components on distinct random live nodes, starts epoch 0 and the first loop. */
    void start() {
        startedMs = sim.nowMs();
        components = pick(writers + readers, Set.of());
        manager.start(components, checkpoint);
        history.restart(manager.epoch(), OBJECT, checkpoint.get(OBJECT), sim.nowMs());
        sim.after(WATCH_MS, this::watch);
        beginLoop();
    }

    boolean finished() {
        return done || failed;
    }

    // ---- loops and phases ------------------------------------------------------------------------

    private void beginLoop() {
        if (loop == loops) {
            done = true;
            finishedMs = sim.nowMs();
            manager.end();
            return;
        }
        if (loop > checkpointLoop) {
            Map<String, byte[]> cp = manager.checkpoint(List.of(OBJECT));
            if (cp == null) {
                failure();
                return;
            }
            for (Map.Entry<String, byte[]> e : cp.entrySet()) {
                history.checkpoint(manager.epoch(), e.getKey(), e.getValue(), sim.nowMs());
            }
            checkpoint = cp;
            checkpointLoop = loop;
        }
        phase = Phase.WRITE;
        outstanding = writers;
        for (int i = 0; i < writers; i++) {
            issue(i);
        }
    }

    private void issue(int component) {
        SimNode node = components.get(component);
        DataNode d = DataNode.of(node);
        if (d == null) {
            return; // the node is down: the restart policy will notice
        }
        accesses++;
        int gen = generation;
        long epoch = manager.epoch();
        String process = (component < writers ? "w" : "r") + component;
        long called = sim.nowMs();
        outstandingCalls++;
        if (phase == Phase.WRITE) {
            byte[] value = (process + ":" + epoch + ":" + loop).getBytes(StandardCharsets.UTF_8);
            int h = history.callWrite(process, epoch, OBJECT, value, called);
            d.objects().write(APP, OBJECT, value, r -> {
                if (current(gen, r)) {
                    history.returnWrite(h, sim.nowMs());
                    done(called);
                }
            });
        } else {
            int h = history.callRead(process, epoch, OBJECT, called);
            d.objects().read(APP, OBJECT, r -> {
                if (current(gen, r)) {
                    history.returnRead(h, r.value(), sim.nowMs());
                    done(called);
                }
            });
        }
    }

    /**
     * True when an access of the current run returned OK. An access of a run that was rolled
     * back is ignored; a failed one (it stays pending in the history: its effect is unknown)
     * counts as a failed component.
     */
    private boolean current(int gen, AccessResult r) {
        if (gen != generation) {
            return false;
        }
        outstandingCalls--;
        if (!r.ok()) {
            abandoned++;
            failure();
            return false;
        }
        return true;
    }

    private void done(long calledMs) {
        latencyMs.add(sim.nowMs() - calledMs);
        if (--outstanding > 0) {
            return;
        }
        if (phase == Phase.WRITE) {
            phase = Phase.READ;
            outstanding = readers;
            for (int i = writers; i < writers + readers; i++) {
                issue(i);
            }
            if (readers == 0) {
                nextLoop();
            }
        } else {
            nextLoop();
        }
    }

    private void nextLoop() {
        loop++;
        beginLoop();
    }

    // ---- failures ---------------------------------------------------------------------------------

    private void watch() {
        if (finished()) {
            return;
        }
        if (!manager.failedMembers().isEmpty()) {
            failure();
        }
        if (!finished()) {
            sim.after(WATCH_MS, this::watch);
        }
    }

    /** A component failed (its node went, or an access failed): restart from the checkpoint, or give up. */
    private void failure() {
        generation++;
        abandoned += outstandingCalls;
        outstandingCalls = 0;
        if (!restartOnFailure) {
            failed = true;
            finishedMs = sim.nowMs();
            return;
        }
        restarts++;
        List<SimNode> failedNodes = manager.failedMembers();
        Set<SimNode> keep = new HashSet<>(components);
        keep.removeAll(failedNodes);
        List<SimNode> fresh = pick(failedNodes.size(), keep);
        List<SimNode> next = new ArrayList<>(components);
        for (int i = 0, j = 0; i < next.size(); i++) {
            if (failedNodes.contains(next.get(i))) {
                next.set(i, fresh.get(j++));
            }
        }
        components = next;
        manager.start(components, checkpoint);
        for (Map.Entry<String, byte[]> e : checkpoint.entrySet()) {
            history.restart(manager.epoch(), e.getKey(), e.getValue(), sim.nowMs());
        }
        loop = checkpointLoop;
        beginLoop();
    }

    /** {@code count} distinct live members of the ring, none of {@code exclude}. */
    private List<SimNode> pick(int count, Set<SimNode> exclude) {
        List<SimNode> pool = new ArrayList<>(population.members());
        pool.sort((a, b) -> Integer.compare(a.index(), b.index()));
        pool.removeIf(exclude::contains);
        if (pool.size() < count) {
            throw new IllegalStateException("only " + pool.size() + " live nodes for " + count + " components");
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.size() - i);
            SimNode t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return new ArrayList<>(pool.subList(0, count));
    }

    static String text(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

    // ---- figures ----------------------------------------------------------------------------------

    int loopsCompleted() {
        return loop;
    }

    long restarts() {
        return restarts;
    }

    long accesses() {
        return accesses;
    }

    long abandoned() {
        return abandoned;
    }

    boolean completed() {
        return done;
    }

    /** Latency of every access that returned OK. */
    Stats latencyMs() {
        return latencyMs;
    }

    List<SimNode> components() {
        return components;
    }

    /** Virtual time from the start to the end (or to now when still running). */
    long elapsedMs() {
        return (finishedMs >= 0 ? finishedMs : sim.nowMs()) - startedMs;
    }
}
