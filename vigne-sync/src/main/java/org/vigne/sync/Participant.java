package org.vigne.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One process of an application (a component instance) as the synchronisation service sees it:
 * its application, its process number in the application and the epoch it runs in. Obtained from
 * {@link Synchronisation#participant}; every call must be made on the node's event loop, and every
 * callback runs there too, once, never inside the call.
 *
 * <p>A participant counts, per barrier, the generation its next {@code await} arrives in (from 0
 * at the epoch's start, like every other participant of the epoch) and numbers its operations on
 * each semaphore, so that re-sent operations are recognised. It has at most one operation pending
 * per barrier and per semaphore: a second one on the same object is refused at once.
 *
 * <p>Operations are re-sent until answered (the answer may be a refusal, {@link Outcome#BROKEN}
 * when the application manager declared a participant gone, or {@link Outcome#STALE} once the
 * application restarted in a later epoch). {@link #close} drops what is pending, without calling
 * back: for a participant whose process is gone or restarted.
 */
public final class Participant {
    private final Synchronisation sync;
    private final String app;
    private final int process;
    private final long epoch;
    private final Map<String, Long> generations = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private boolean closed;

    Participant(Synchronisation sync, String app, int process, long epoch) {
        if (app == null || app.isEmpty() || process < 0 || epoch < 0) {
            throw new IllegalArgumentException("a participant needs an application, a process >= 0 and an epoch >= 0");
        }
        this.sync = sync;
        this.app = app;
        this.process = process;
        this.epoch = epoch;
    }

    public String application() {
        return app;
    }

    public int process() {
        return process;
    }

    public long epoch() {
        return epoch;
    }

    /**
     * Arrives at barrier {@code name} and completes once all {@code parties} of the current
     * generation arrived ({@link Outcome#RELEASED}); refused when the generation was started with
     * another party count.
     */
    public void await(String name, int parties, Consumer<SyncResult> done) {
        start(OpKind.ARRIVE, name, parties, done);
    }

    /** Creates semaphore {@code name} with {@code permits} permits; done at once if it exists with as many. */
    public void declare(String name, int permits, Consumer<SyncResult> done) {
        start(OpKind.DECLARE, name, permits, done);
    }

    /** Takes {@code permits} permits of semaphore {@code name}, waiting (FIFO) until they are free. */
    public void acquire(String name, int permits, Consumer<SyncResult> done) {
        start(OpKind.ACQUIRE, name, permits, done);
    }

    /** Gives back {@code permits} permits of semaphore {@code name}; refused beyond what this participant holds. */
    public void release(String name, int permits, Consumer<SyncResult> done) {
        start(OpKind.RELEASE, name, permits, done);
    }

    /** The generation of barrier {@code name} that this participant's next {@code await} arrives in. */
    public long generation(String name) {
        return generations.getOrDefault(name, 0L);
    }

    /** Drops every pending operation of this participant, without calling back; later calls are refused. */
    public void close() {
        closed = true;
        sync.closed(this);
    }

    public boolean closed() {
        return closed;
    }

    private void start(OpKind kind, String name, int count, Consumer<SyncResult> done) {
        String why = closed ? "this participant is closed"
                : name == null || name.isEmpty() || name.length() > SyncOp.MAX_NAME
                ? "a name has 1 to " + SyncOp.MAX_NAME + " characters"
                : count < 1 ? (kind == OpKind.ARRIVE ? "a barrier has at least one party" : "permits are at least 1")
                : sync.isPending(this, kind, name) ? "an operation on \"" + name + "\" is already pending" : null;
        if (why != null) {
            sync.later(done, SyncResult.refused(-1, why));
            return;
        }
        long seq;
        if (kind.onBarrier()) {
            seq = generation(name);
        } else {
            seq = sequences.getOrDefault(name, -1L) + 1;
            sequences.put(name, seq);
        }
        sync.start(this, new SyncOp(kind, name, process, epoch, seq, count, sync.self()), r -> {
            if (kind.onBarrier() && r.outcome() == Outcome.RELEASED) {
                generations.put(name, seq + 1);
            }
            done.accept(r);
        });
    }
}
