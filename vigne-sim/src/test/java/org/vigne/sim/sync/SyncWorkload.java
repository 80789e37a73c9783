package org.vigne.sim.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.vigne.sim.SimNode;
import org.vigne.sync.Outcome;
import org.vigne.sync.Participant;
import org.vigne.sync.SyncResult;
import org.vigne.sync.SyncState;

/**
 * A CI-sized application that leans on every promise of the synchronisation service: P processes
 * on distinct nodes each run L loops of {@code await("b", P)}, {@code acquire("s", 1)}, hold the
 * permit a random while, {@code release("s", 1)}; semaphore {@code s} has fewer permits than there
 * are processes, so they queue. Every call and return goes to the testbed's {@link SyncChecker}.
 *
 * <p>It also plays the application manager's part, as a test driver: when a node running a
 * process fails, the application restarts from its last checkpoint in a new epoch (the failed
 * processes on fresh nodes); the checkpoint is taken at the first release of each loop's barrier,
 * when no process holds a permit, and the new epoch starts from the state it implies.
 */
final class SyncWorkload {
    static final String APP = "workload";
    static final String BARRIER = "b";
    static final String SEMAPHORE = "s";

    private final SyncTestbed bed;
    private final int processes;
    private final int loops;
    private final int permits;
    private List<SimNode> nodes = new ArrayList<>();
    private List<Participant> participants = new ArrayList<>();
    private int[] loopOf;
    private int[] incarnations;
    private long epoch;
    private int run;
    private int checkpointLoop;
    private int completedLoops;
    private int finished;
    private long restarts;
    private long brokenEpochs;
    private final List<String> refusals = new ArrayList<>();

    SyncWorkload(SyncTestbed bed, int processes, int loops, int permits) {
        this.bed = bed;
        this.processes = processes;
        this.loops = loops;
        this.permits = permits;
    }

    /** Places the processes on nodes none of {@code avoid}, starts epoch 0, launches once it is in. */
    void start(List<SimNode> avoid) {
        List<SimNode> taken = new ArrayList<>(avoid);
        for (int i = 0; i < processes; i++) {
            SimNode n = bed.liveMember(taken);
            taken.add(n);
            nodes.add(n);
        }
        SyncState s = SyncState.fresh(0);
        bed.checker.epochStarted(APP, s);
        int r = run;
        bed.startEpoch(APP, s, x -> {
            if (r == run) {
                launch();
            }
        });
        bed.sim.after(100, this::watch);
    }

    boolean done() {
        return finished == processes;
    }

    long restarts() {
        return restarts;
    }

    /** Epochs a broken sync state ended (the application then restarted). */
    long brokenEpochs() {
        return brokenEpochs;
    }

    int completedLoops() {
        return completedLoops;
    }

    List<String> refusals() {
        return refusals;
    }

    List<SimNode> nodes() {
        return nodes;
    }

    private void launch() {
        participants = new ArrayList<>();
        loopOf = new int[processes];
        incarnations = new int[processes];
        for (int i = 0; i < processes; i++) {
            SimNode n = nodes.get(i);
            incarnations[i] = n.incarnation();
            participants.add(SyncTestbed.node(n) == null ? null : SyncTestbed.node(n).sync().participant(APP, i, epoch));
            loopOf[i] = checkpointLoop;
        }
        for (int i = 0; i < processes; i++) {
            int p = i;
            Participant x = participants.get(p);
            if (x != null) {
                int r = run;
                x.declare(SEMAPHORE, permits, res -> {
                    if (r == run && ok(p, "declare", res)) {
                        next(p);
                    }
                });
            }
        }
    }

    private void next(int p) {
        if (loopOf[p] == loops) {
            finished++;
            return;
        }
        Participant x = participants.get(p);
        long gen = x.generation(BARRIER);
        int r = run;
        bed.checker.awaitCalled(APP, epoch, p, BARRIER, gen, bed.sim.nowMs());
        x.await(BARRIER, processes, res -> {
            if (r != run) {
                return;
            }
            bed.checker.awaitReturned(APP, epoch, p, BARRIER, gen, processes, res.outcome(), bed.sim.nowMs());
            if (ok(p, "await", res)) {
                if (loopOf[p] == completedLoops) {
                    checkpoint();
                }
                acquire(p);
            }
        });
    }

    /** Every process is past the barrier of this loop, so none holds a permit: the state to restart from. */
    private void checkpoint() {
        completedLoops++;
        checkpointLoop = completedLoops - 1;
    }

    private void acquire(int p) {
        Participant x = participants.get(p);
        int r = run;
        bed.checker.acquireCalled(APP, epoch, p, SEMAPHORE, bed.sim.nowMs());
        x.acquire(SEMAPHORE, 1, res -> {
            if (r != run) {
                return;
            }
            bed.checker.acquireReturned(APP, epoch, p, SEMAPHORE, 1, permits, res.outcome(), bed.sim.nowMs());
            if (ok(p, "acquire", res)) {
                bed.sim.after(5 + bed.world.random().nextInt(100), () -> release(p, r));
            }
        });
    }

    private void release(int p, int r) {
        if (r != run) {
            return;
        }
        Participant x = participants.get(p);
        bed.checker.releaseCalled(APP, epoch, p, SEMAPHORE, 1, bed.sim.nowMs());
        x.release(SEMAPHORE, 1, res -> {
            if (r != run) {
                return;
            }
            bed.checker.releaseReturned(APP, epoch, p, SEMAPHORE);
            if (ok(p, "release", res)) {
                loopOf[p]++;
                next(p);
            }
        });
    }

    /**
     * True when the operation went through. A broken epoch (the sync group lost commands, or its
     * every replica) restarts the application, as a manager told by its components would; anything
     * else but a stale answer is recorded as a refusal.
     */
    private boolean ok(int p, String what, SyncResult res) {
        if (res.ok()) {
            return true;
        }
        if (res.outcome() == Outcome.BROKEN) {
            brokenEpochs++;
            restart();
        } else if (res.outcome() != Outcome.STALE) {
            refusals.add("process " + p + " epoch " + epoch + " " + what + ": " + res.outcome() + " " + res.detail());
        }
        return false;
    }

    private void watch() {
        if (done()) {
            return;
        }
        for (int i = 0; i < processes; i++) {
            SimNode n = nodes.get(i);
            if (loopOf != null && (!n.alive() || n.incarnation() != incarnations[i])) {
                restart();
                break;
            }
        }
        bed.sim.after(100, this::watch);
    }

    /** A process's node failed: every process restarts from the checkpoint, in a new epoch, the failed ones elsewhere. */
    private void restart() {
        run++;
        restarts++;
        for (int i = 0; i < processes; i++) {
            if (participants.get(i) != null) {
                participants.get(i).close();
            }
            bed.checker.processGone(APP, epoch, i);
            SimNode n = nodes.get(i);
            if (!n.alive() || n.incarnation() != incarnations[i]) {
                nodes.set(i, bed.liveMember(nodes));
            }
        }
        epoch++;
        TreeMap<Integer, Integer> none = new TreeMap<>();
        SyncState s = new SyncState(epoch, List.of(new SyncState.SemaphoreState(SEMAPHORE, permits, none)));
        bed.checker.epochStarted(APP, s);
        bed.startEpoch(APP, s, x -> { });
        completedLoops = checkpointLoop;
        finished = 0;
        launch();
    }
}
