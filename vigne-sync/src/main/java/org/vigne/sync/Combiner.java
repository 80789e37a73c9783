package org.vigne.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;

/**
 * The combining step on the node that leads an application's sync group (or, until it knows the
 * leader, the node a request was routed to): operations from many participants are packed into
 * one command of the group's log, with one command of each application in flight, so a barrier
 * of 401 parties costs a handful of log entries rather than 401 (group commit). Whatever arrives
 * while a command is in flight goes into the next, with one exception: an arrival that completes
 * a barrier generation (as far as this node has seen its arrivals) goes at once, in a command of
 * its own alongside the one in flight, since every party waits for it and for nothing else.
 * A failed command is not retried here: its participants re-send their operations, which are
 * idempotent.
 */
final class Combiner {
    /** An operation's identity: a retry has the same. */
    record OpKey(OpKind kind, String name, int process, long epoch, long seq) {
        static OpKey of(SyncOp op) {
            return new OpKey(op.kind(), op.name(), op.process(), op.epoch(), op.seq());
        }
    }

    /** A barrier generation, within one application. */
    private record Generation(String name, long epoch, long seq) {
    }

    /** Generations whose arrivals a node counts, per application; the oldest is forgotten. */
    private static final int GENERATIONS_COUNTED = 64;
    /** Commands of one application in flight at once: one, plus those sent early for completing arrivals. */
    private static final int MAX_IN_FLIGHT = 3;

    private static final class Queue {
        final LinkedHashMap<OpKey, SyncOp> ops = new LinkedHashMap<>();
        /** Distinct processes this node submitted or queued arrivals for, per generation. */
        final Map<Generation, Set<Integer>> arrivals = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Generation, Set<Integer>> eldest) {
                return size() > GENERATIONS_COUNTED;
            }
        };
        int inFlight;
    }

    private final GcsService gcs;
    private final BiConsumer<NodeHandle, SyncMessage.Answer> answers;
    private final SyncConfig config;
    private final SyncCounters counters;
    private final Map<String, Queue> queues = new LinkedHashMap<>();

    Combiner(GcsService gcs, SyncConfig config, SyncCounters counters,
             BiConsumer<NodeHandle, SyncMessage.Answer> answers) {
        this.gcs = gcs;
        this.answers = answers;
        this.config = config;
        this.counters = counters;
    }

    /** The sync group of {@code app}: a key of the {@code sync} DHT named after the application. */
    static GroupId group(String app) {
        return new GroupId(SyncConfig.KIND, key(app));
    }

    static Id key(String app) {
        return Id.sha1("sync/" + app);
    }

    /** Queues {@code ops} of {@code app}, and submits them at once when no command of the application is in flight. */
    void add(String app, List<SyncOp> ops) {
        Queue q = queues.computeIfAbsent(app, a -> new Queue());
        boolean completes = false;
        for (SyncOp op : ops) {
            if (q.ops.put(OpKey.of(op), op) != null) {
                counters.duplicatesCombined++; // a retry of a queued operation: its answer may go elsewhere now
            }
            completes |= completesGeneration(q, op);
        }
        if (q.inFlight == 0 || (completes && q.inFlight < MAX_IN_FLIGHT)) {
            if (q.inFlight > 0) {
                counters.earlyCommands++;
            }
            flush(app, q);
        }
    }

    /** True when {@code op} is an arrival with which as many distinct processes as its parties have arrived. */
    private static boolean completesGeneration(Queue q, SyncOp op) {
        if (op.kind() != OpKind.ARRIVE) {
            return false;
        }
        Generation g = new Generation(op.name(), op.epoch(), op.seq());
        Set<Integer> seen = q.arrivals.computeIfAbsent(g, x -> new HashSet<>());
        if (seen.add(op.process()) && seen.size() >= op.count()) {
            q.arrivals.remove(g);
            return true;
        }
        return false;
    }

    private void flush(String app, Queue q) {
        if (q.ops.isEmpty()) {
            if (q.inFlight == 0 && q.arrivals.isEmpty()) {
                queues.remove(app);
            }
            return;
        }
        int n = Math.min(q.ops.size(), config.maxBatchOps());
        List<SyncOp> batch = new ArrayList<>(n);
        for (Iterator<SyncOp> it = q.ops.values().iterator(); batch.size() < n; ) {
            batch.add(it.next());
            it.remove();
        }
        q.inFlight++;
        counters.batches++;
        counters.batchedOps += n;
        gcs.submit(group(app), SyncCodec.encode(new SyncCommand.Batch(batch)), r -> {
            if (!r.ok()) {
                counters.batchFailures++;
            }
            if (r.status() == SubmitResult.Status.NO_GROUP) {
                groupGone(app, batch);
            }
            q.inFlight--;
            if (queues.get(app) == q && q.inFlight == 0) {
                flush(app, q);
            }
        });
    }

    /** The application's sync group is gone: its operations are answered BROKEN, one message per node. */
    private void groupGone(String app, List<SyncOp> batch) {
        Answers lost = new Answers();
        for (SyncOp op : batch) {
            lost.add(op, Outcome.BROKEN, "the sync group of " + app + " is gone (every replica failed);"
                    + " the application must restart from a checkpoint");
        }
        lost.forEachNode((node, notices) -> answers.accept(node, new SyncMessage.Answer(app, notices)));
    }

    /** Operations waiting for the next command, over all applications (for tests and tools). */
    int queued() {
        int n = 0;
        for (Queue q : queues.values()) {
            n += q.ops.size();
        }
        return n;
    }
}
