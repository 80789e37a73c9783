package org.vigne.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.GroupId;

/**
 * The combining step on the node that leads an application's sync group (or, until it knows the
 * leader, the node a request was routed to): operations from many participants are packed into
 * one command of the group's log, with at most one command of each application in flight, so a
 * barrier of 401 parties costs a handful of log entries rather than 401 (group commit). Whatever
 * arrives while a command is in flight goes into the next. A failed command is not retried here:
 * its participants re-send their operations, which are idempotent.
 */
final class Combiner {
    /** An operation's identity: a retry has the same. */
    record OpKey(OpKind kind, String name, int process, long epoch, long seq) {
        static OpKey of(SyncOp op) {
            return new OpKey(op.kind(), op.name(), op.process(), op.epoch(), op.seq());
        }
    }

    private static final class Queue {
        final LinkedHashMap<OpKey, SyncOp> ops = new LinkedHashMap<>();
        boolean inFlight;
    }

    private final GcsService gcs;
    private final SyncConfig config;
    private final SyncCounters counters;
    private final Map<String, Queue> queues = new LinkedHashMap<>();

    Combiner(GcsService gcs, SyncConfig config, SyncCounters counters) {
        this.gcs = gcs;
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
        for (SyncOp op : ops) {
            if (q.ops.put(OpKey.of(op), op) != null) {
                counters.duplicatesCombined++; // a retry of a queued operation: its answer may go elsewhere now
            }
        }
        if (!q.inFlight) {
            flush(app, q);
        }
    }

    private void flush(String app, Queue q) {
        if (q.ops.isEmpty()) {
            queues.remove(app);
            return;
        }
        int n = Math.min(q.ops.size(), config.maxBatchOps());
        List<SyncOp> batch = new ArrayList<>(n);
        for (Iterator<SyncOp> it = q.ops.values().iterator(); batch.size() < n; ) {
            batch.add(it.next());
            it.remove();
        }
        q.inFlight = true;
        counters.batches++;
        counters.batchedOps += n;
        gcs.submit(group(app), SyncCodec.encode(new SyncCommand.Batch(batch)), r -> {
            if (!r.ok()) {
                counters.batchFailures++;
            }
            q.inFlight = false;
            if (queues.get(app) == q) {
                flush(app, q);
            }
        });
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
