package org.vigne.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupStateMachine;

/**
 * The barriers and semaphores of one application: the deterministic state machine every replica
 * of the application's sync group runs (one group per application, see the README for why not
 * the application manager's own log). Every answer to a participant leaves as an output to the
 * participant's node, one output per node and command, which group communication re-sends until
 * acknowledged, also across leader changes.
 *
 * <p><b>Epochs.</b> The application runs in epochs; the manager's {@link SyncCommand.Reset}
 * starts one from the state its checkpoint implies. Operations of older epochs are answered
 * {@link Outcome#STALE}; operations of a later epoch than the current one (the restarted
 * participants can be faster than the manager's reset) wait in a bounded buffer and are applied
 * right after that epoch's reset, in order. The state is deterministic: ordered maps, no clock.
 */
public final class SyncStateMachine implements GroupStateMachine {
    /** Operations of epochs not started yet that the state machine keeps; beyond that they are refused. */
    static final int FUTURE_LIMIT = 8192;

    private long epoch = -1;
    private boolean ended;
    /** Why this epoch's barriers are broken (a participant was declared gone), or null. */
    private String broken;
    /** Why nothing of this epoch can be trusted (the group lost commands), or null. */
    private String lost;
    private final TreeSet<Integer> gone = new TreeSet<>();
    private final TreeMap<String, Barrier> barriers = new TreeMap<>();
    private final TreeMap<String, CountingSemaphore> semaphores = new TreeMap<>();
    private final ArrayDeque<SyncOp> future = new ArrayDeque<>();
    private long malformed;
    private final Runnable onStop;

    /** A replica in its initial state (no epoch started). */
    public SyncStateMachine() {
        this(() -> { });
    }

    /** A replica that runs {@code onStop} when group communication stops it. */
    SyncStateMachine(Runnable onStop) {
        this.onStop = onStop;
    }

    @Override
    public void stopped() {
        onStop.run();
    }

    @Override
    public Applied apply(long index, byte[] command) {
        SyncCommand c;
        try {
            c = SyncCodec.decode(command);
        } catch (IllegalArgumentException e) {
            malformed++;
            return Applied.none();
        }
        Answers out = new Answers();
        byte[] result = new byte[] {1};
        if (c instanceof SyncCommand.Batch b) {
            for (SyncOp op : b.ops()) {
                applyOp(op, out);
            }
        } else if (c instanceof SyncCommand.Gone g) {
            result[0] = gone(g, out) ? (byte) 1 : 0;
        } else if (c instanceof SyncCommand.Reset r) {
            result[0] = reset(r.state(), out) ? (byte) 1 : 0;
        } else if (c instanceof SyncCommand.Capture) {
            result = SyncCodec.encodeState(capture());
        } else {
            end(out);
        }
        return new Applied(result, out.outputs());
    }

    /** Applies one operation, or keeps it for the epoch it belongs to. */
    void applyOp(SyncOp op, Answers out) {
        if (ended) {
            out.add(op, Outcome.ENDED, "the application ended");
        } else if (op.epoch() > epoch) {
            if (future.size() < FUTURE_LIMIT) {
                future.addLast(op);
            } else {
                out.add(op, Outcome.REFUSED, "epoch " + op.epoch() + " has not started; too many operations wait for it");
            }
        } else if (op.epoch() < epoch) {
            out.add(op, Outcome.STALE, "epoch " + op.epoch() + " is over; the application runs epoch " + epoch);
        } else if (lost != null) {
            out.add(op, Outcome.BROKEN, lost);
        } else if (gone.contains(op.process())) {
            out.add(op, Outcome.STALE, "process " + op.process() + " was declared gone in epoch " + epoch);
        } else if (op.kind().onBarrier()) {
            barriers.computeIfAbsent(op.name(), Barrier::new).arrive(op, broken, out);
        } else {
            CountingSemaphore s = semaphores.get(op.name());
            if (s == null && op.kind() == OpKind.DECLARE) {
                s = new CountingSemaphore(op.name(), op.count(), new TreeMap<>());
                semaphores.put(op.name(), s);
            }
            if (s == null) {
                out.add(op, Outcome.REFUSED, "no semaphore \"" + op.name() + "\" is declared in this application");
            } else {
                s.apply(op, out);
            }
        }
    }

    private boolean gone(SyncCommand.Gone g, Answers out) {
        if (ended || g.epoch() != epoch || !gone.add(g.process())) {
            return false;
        }
        if (broken == null) {
            breakBarriers("process " + g.process() + " was declared gone in epoch " + epoch, out);
        }
        for (CountingSemaphore s : semaphores.values()) {
            s.forget(g.process(), out);
        }
        return true;
    }

    private void breakBarriers(String why, Answers out) {
        broken = why;
        for (Barrier b : barriers.values()) {
            b.answerWaiters(epoch, Outcome.BROKEN, why, out);
        }
    }

    private boolean reset(SyncState state, Answers out) {
        if (ended || state.epoch() <= epoch) {
            return false;
        }
        epoch = state.epoch();
        broken = null;
        lost = null;
        gone.clear();
        barriers.clear();
        semaphores.clear();
        for (SyncState.SemaphoreState s : state.semaphores()) {
            semaphores.put(s.name(), new CountingSemaphore(s.name(), s.capacity(), s.holdings()));
        }
        List<SyncOp> due = new ArrayList<>();
        for (Iterator<SyncOp> it = future.iterator(); it.hasNext(); ) {
            SyncOp op = it.next();
            if (op.epoch() <= epoch) {
                it.remove();
                due.add(op);
            }
        }
        for (SyncOp op : due) {
            applyOp(op, out);
        }
        return true;
    }

    private void end(Answers out) {
        if (ended) {
            return;
        }
        ended = true;
        for (Barrier b : barriers.values()) {
            b.answerWaiters(epoch, Outcome.ENDED, "the application ended", out);
        }
        for (CountingSemaphore s : semaphores.values()) {
            s.answerWaiters(Outcome.ENDED, "the application ended", out);
        }
        for (SyncOp op : future) {
            out.add(op, Outcome.ENDED, "the application ended");
        }
        barriers.clear();
        semaphores.clear();
        future.clear();
    }

    /** What a checkpoint taken now implies: the epoch, and each semaphore's permits and holders. */
    SyncState capture() {
        List<SyncState.SemaphoreState> sems = new ArrayList<>();
        for (CountingSemaphore s : semaphores.values()) {
            sems.add(new SyncState.SemaphoreState(s.name, s.capacity, s.holdings()));
        }
        return new SyncState(Math.max(0, epoch), sems);
    }

    // ---- for checkers, tests and tools (read-only) --------------------------------------------

    public long epoch() {
        return epoch;
    }

    public boolean ended() {
        return ended;
    }

    /** This replica's view of what a checkpoint now would hold (permits and holders per semaphore). */
    public SyncState state() {
        return capture();
    }

    /** Free permits of semaphore {@code name}, or -1 when it is not declared. */
    public int available(String name) {
        CountingSemaphore s = semaphores.get(name);
        return s == null ? -1 : s.available();
    }

    /** The generation barrier {@code name} is gathering, and how many arrived in it (0, 0 when unknown). */
    public long[] barrierProgress(String name) {
        Barrier b = barriers.get(name);
        return b == null ? new long[] {0, 0} : new long[] {b.generation(), b.arrivedCount()};
    }

    /** Commands that could not be decoded (never expected: the node's own code encodes them). */
    public long malformed() {
        return malformed;
    }

    // ---- snapshots ----------------------------------------------------------------------------

    @Override
    public byte[] snapshot() {
        ByteSink out = new ByteSink(256);
        out.u8(SyncCodec.VERSION).i64(epoch).bool(ended).str(broken == null ? "" : broken)
                .str(lost == null ? "" : lost);
        out.i32(gone.size());
        gone.forEach(out::i32);
        out.i32(barriers.size());
        barriers.values().forEach(b -> b.write(out));
        out.i32(semaphores.size());
        semaphores.values().forEach(s -> s.write(out));
        out.i32(future.size());
        future.forEach(out::op);
        out.i64(malformed);
        return out.toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteSource in = new ByteSource(snapshot);
        if (in.u8() != SyncCodec.VERSION) {
            throw new IllegalArgumentException("unknown sync snapshot version");
        }
        epoch = in.i64();
        ended = in.bool();
        String why = in.str();
        broken = why.isEmpty() ? null : why;
        String lostWhy = in.str();
        lost = lostWhy.isEmpty() ? null : lostWhy;
        gone.clear();
        for (int i = 0, n = in.count(4); i < n; i++) {
            gone.add(in.i32());
        }
        barriers.clear();
        for (int i = 0, n = in.count(18); i < n; i++) {
            Barrier b = Barrier.read(in);
            barriers.put(b.name, b);
        }
        semaphores.clear();
        for (int i = 0, n = in.count(22); i < n; i++) {
            CountingSemaphore s = CountingSemaphore.read(in);
            semaphores.put(s.name, s);
        }
        future.clear();
        for (int i = 0, n = in.count(40); i < n; i++) {
            future.addLast(in.op());
        }
        malformed = in.i64();
        in.end();
    }

    /**
     * The group lost its majority and was rebuilt from a survivor's state: commands acknowledged
     * since may be lost, and with them a barrier's release or a semaphore's grant that a
     * participant already acted on. The state can no longer be trusted for this epoch, so every
     * operation of the epoch is answered {@link Outcome#BROKEN} until the manager restarts the
     * application from a checkpoint (a reset): loud, never silently wrong.
     */
    @Override
    public Applied recovered(long lastIndex, boolean mayHaveLostCommands) {
        if (!mayHaveLostCommands || ended || epoch < 0 || lost != null) {
            return Applied.none();
        }
        lost = "the sync group lost commands of epoch " + epoch + " (a majority of its replicas failed);"
                + " the application must restart from a checkpoint";
        Answers out = new Answers();
        breakBarriers(lost, out);
        for (CountingSemaphore s : semaphores.values()) {
            s.answerWaiters(Outcome.BROKEN, lost, out);
        }
        return new Applied(new byte[0], out.outputs());
    }
}
