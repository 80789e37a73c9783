package org.vigne.sim.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.vigne.sim.sync.SyncChecker;
import org.vigne.sync.Outcome;
import org.vigne.sync.Participant;
import org.vigne.sync.SyncResult;
import org.vigne.sync.SyncState;

/**
 * The application of the paper's evaluation (Sect. 7) on simulated nodes: W writer components and
 * R reader components, one per node, run L loops; in each loop every writer writes the shared
 * object, all meet at barrier {@value #WRITTEN}, every reader reads it, and all meet at barrier
 * {@value #READ}. Each component runs on its own, as a real one would: the barriers of the
 * synchronisation service are what keeps the phases apart.
 *
 * <p>A coordinated checkpoint is taken before each loop, in null time (the paper's simulator) or
 * holding every component up for a modelled cost, at the first release from {@value #READ}
 * (every access of the loop has returned, none of the next has started). Under the restart policy
 * any failure of a node running a component restarts the application at once from the last
 * checkpoint, in a new epoch, the failed components moved to other live nodes; the
 * barriers start the epoch afresh. Restarts go through the {@link ApplicationManagerStandIn} test
 * driver until the application manager exists; every barrier call and return goes to a
 * {@link SyncChecker}.
 */
final class LoopApplication {
    /** Name of the simulated application. */
    static final String APP = "loops";
    /** Name of its shared object. */
    static final String OBJECT = "x";
    /** The barrier after the writes, and the one after the reads. */
    static final String WRITTEN = "written";
    static final String READ = "read";
    /** How often the restart policy looks for failed components (virtual ms). */
    static final long WATCH_MS = 50;

    private final Population population;
    private final Simulator sim;
    private final ApplicationManagerStandIn manager;
    private final DataHistory history;
    private final SyncChecker checker;
    private final int writers;
    private final int readers;
    private final int loops;
    private final boolean restartOnFailure;
    /** Time a checkpoint, or a restart from one, holds every component up (0: the paper's null time). */
    private final long checkpointCostMs;
    private final SplittableRandom random;
    private final Stats latencyMs = new Stats();
    private final BarrierEpisodes episodes = new BarrierEpisodes();
    private List<SimNode> components = List.of();
    private List<Participant> participants = List.of();
    /** The loop each component is in. */
    private int[] loopOf;
    /** Counts runs: callbacks of a run that was rolled back are ignored. */
    private int run;
    /** Accesses of the current run not returned yet. */
    private int outstandingCalls;
    /** The last checkpoint; before the first one, the object is empty (as if never written). */
    private Map<String, byte[]> checkpoint = Map.of(OBJECT, new byte[0]);
    private int checkpointLoop;
    /** Loops every component got through (their {@value #READ} barrier released) in this run. */
    private int completedLoops;
    private int finishedComponents;
    private long restarts;
    private long accesses;
    private long abandoned;
    private long syncErrors;
    private boolean failed;
    private boolean done;
    private long startedMs;
    private long finishedMs = -1;

    LoopApplication(Population population, ApplicationManagerStandIn manager, DataHistory history, SyncChecker checker,
                    int writers, int readers, int loops, boolean restartOnFailure, long checkpointCostMs) {
        this.population = population;
        this.sim = population.world().sim();
        this.manager = manager;
        this.history = history;
        this.checker = checker;
        this.writers = writers;
        this.readers = readers;
        this.loops = loops;
        this.restartOnFailure = restartOnFailure;
        this.checkpointCostMs = checkpointCostMs;
        this.random = population.world().random();
    }

    /**
     * Places the components on distinct random live nodes and starts epoch 0; the components
     * start once the application's sync group exists (the manager creates it before launching).
     */
    void start() {
        startedMs = sim.nowMs();
        components = pick(writers + readers, Set.of());
        manager.start(components, checkpoint);
        history.restart(manager.epoch(), OBJECT, checkpoint.get(OBJECT), sim.nowMs());
        sim.after(WATCH_MS, this::watch);
        int r = run;
        SyncState s = SyncState.fresh(manager.epoch());
        checker.epochStarted(APP, s);
        manager.startSync(s, () -> {
            if (r == run && !finished()) {
                launch();
            }
        });
    }

    boolean finished() {
        return done || failed;
    }

    // ---- the components ---------------------------------------------------------------------

    /** Every component of the current run starts at the checkpoint's loop, with a fresh participant. */
    private void launch() {
        List<Participant> ps = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            DataNode d = DataNode.of(components.get(i));
            ps.add(d == null ? null : d.sync().participant(APP, i, manager.epoch()));
        }
        participants = ps;
        loopOf = new int[components.size()];
        Arrays.fill(loopOf, checkpointLoop);
        for (int i = 0; i < components.size(); i++) {
            startLoop(i);
        }
    }

    private void startLoop(int c) {
        if (loopOf[c] == loops) {
            if (++finishedComponents == components.size()) {
                done = true;
                finishedMs = sim.nowMs();
                manager.end();
                manager.endSync();
            }
        } else if (c < writers) {
            access(c, true);
        } else {
            await(c, WRITTEN);
        }
    }

    /** A write (writers) or a read (readers) of the shared object, then the barrier that follows it. */
    private void access(int component, boolean write) {
        DataNode d = DataNode.of(components.get(component));
        if (d == null) {
            return; // the node is down: the restart policy will notice
        }
        accesses++;
        int r0 = run;
        long epoch = manager.epoch();
        String process = (component < writers ? "w" : "r") + component;
        long called = sim.nowMs();
        outstandingCalls++;
        if (write) {
            byte[] value = (process + ":" + epoch + ":" + loopOf[component]).getBytes(StandardCharsets.UTF_8);
            int h = history.callWrite(process, epoch, OBJECT, value, called);
            d.objects().write(APP, OBJECT, value, r -> {
                if (current(r0, r)) {
                    history.returnWrite(h, sim.nowMs());
                    latencyMs.add(sim.nowMs() - called);
                    await(component, WRITTEN);
                }
            });
        } else {
            int h = history.callRead(process, epoch, OBJECT, called);
            d.objects().read(APP, OBJECT, r -> {
                if (current(r0, r)) {
                    history.returnRead(h, r.value(), sim.nowMs());
                    latencyMs.add(sim.nowMs() - called);
                    await(component, READ);
                }
            });
        }
    }

    /**
     * True when an access of the current run returned OK. An access of a run that was rolled
     * back is ignored; a failed one (it stays pending in the history: its effect is unknown)
     * counts as a failed component.
     */
    private boolean current(int r0, AccessResult r) {
        if (r0 != run) {
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

    private void await(int c, String barrier) {
        Participant p = participants.get(c);
        if (p == null) {
            return; // the node was down at launch: the restart policy will notice
        }
        int r0 = run;
        int parties = components.size();
        long gen = p.generation(barrier);
        checker.awaitCalled(APP, p.epoch(), c, barrier, gen, sim.nowMs());
        episodes.called(run, barrier, gen, sim.nowMs());
        p.await(barrier, parties, res -> {
            if (r0 == run) {
                released(c, p, barrier, gen, parties, res);
            }
        });
    }

    private void released(int c, Participant p, String barrier, long gen, int parties, SyncResult res) {
        checker.awaitReturned(APP, p.epoch(), c, barrier, gen, parties, res.outcome(), sim.nowMs());
        if (!res.ok()) {
            if (res.outcome() == Outcome.REFUSED) {
                syncErrors++;
            }
            failure();
            return;
        }
        episodes.released(run, barrier, gen, parties, sim.nowMs());
        if (barrier.equals(WRITTEN)) {
            if (c < writers) {
                await(c, READ);
            } else {
                access(c, false);
            }
        } else {
            if (loopOf[c] == completedLoops && !loopCompleted()) {
                return; // the checkpoint failed: the application restarted
            }
            loopOf[c]++;
            if (checkpointCostMs > 0 && loopOf[c] < loops) {
                int r0 = run;
                sim.after(checkpointCostMs, () -> { // every component takes its part of the checkpoint
                    if (r0 == run) {
                        startLoop(c);
                    }
                });
            } else {
                startLoop(c);
            }
        }
    }

    /** The first release from {@value #READ} of a loop: the loop is done, checkpoint before the next. */
    private boolean loopCompleted() {
        completedLoops++;
        if (completedLoops == loops) {
            return true;
        }
        Map<String, byte[]> cp = manager.checkpoint(List.of(OBJECT));
        if (cp == null) {
            failure();
            return false;
        }
        for (Map.Entry<String, byte[]> e : cp.entrySet()) {
            history.checkpoint(manager.epoch(), e.getKey(), e.getValue(), sim.nowMs());
        }
        checkpoint = cp;
        checkpointLoop = completedLoops;
        return true;
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

    /** A component failed (its node went, or an operation failed): restart from the checkpoint, or give up. */
    private void failure() {
        episodes.forgetRun(run);
        run++;
        for (int i = 0; i < participants.size(); i++) {
            if (participants.get(i) != null) {
                participants.get(i).close();
                checker.processGone(APP, participants.get(i).epoch(), i);
            }
        }
        participants = List.of();
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
        SyncState s = SyncState.fresh(manager.epoch());
        checker.epochStarted(APP, s);
        manager.startSync(s, () -> { });
        completedLoops = checkpointLoop;
        finishedComponents = 0;
        if (checkpointCostMs > 0) {
            int r0 = run;
            sim.after(checkpointCostMs, () -> { // the components restore the checkpoint first
                if (r0 == run) {
                    launch();
                }
            });
        } else {
            launch();
        }
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
        return completedLoops;
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

    /** Barrier calls refused (a bug: the application always awaits with the same parties). */
    long syncErrors() {
        return syncErrors;
    }

    boolean completed() {
        return done;
    }

    /** Latency of every access that returned OK. */
    Stats latencyMs() {
        return latencyMs;
    }

    BarrierEpisodes episodes() {
        return episodes;
    }

    List<SimNode> components() {
        return components;
    }

    /** Virtual time from the start to the end (or to now when still running). */
    long elapsedMs() {
        return (finishedMs >= 0 ? finishedMs : sim.nowMs()) - startedMs;
    }
}
