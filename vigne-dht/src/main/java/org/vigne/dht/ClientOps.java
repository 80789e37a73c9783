package org.vigne.dht;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.dht.DhtMessage.Op;
import org.vigne.dht.DhtMessage.Reply;
import org.vigne.dht.DhtMessage.Request;
import org.vigne.dht.DhtMessage.WriteAck;
import org.vigne.dht.DhtResult.Status;

/**
 * The operations this node issued and not yet completed. Each is routed to its key's root, routed
 * again with the same request id every {@link DhtConfig#opRetryMs()} while unanswered (the root
 * deduplicates), and completed exactly once: by the root's reply, by the replicas' acknowledgements
 * of a write ({@link WriteAcks}), by {@code TIMEOUT} at its deadline, or by {@code UNAVAILABLE} when
 * the node stops. Callbacks always run in an event of their own, never inside the call that started
 * the operation.
 */
final class ClientOps {
    private final DhtContext ctx;
    private final Map<Long, PendingOp> pending = new LinkedHashMap<>();
    private boolean closed;

    private static final class PendingOp {
        final Request request;
        final Consumer<DhtResult> done;
        /**
         * The next send, or the timeout once the deadline comes first: one timer per operation
         * (a real node's event loop pays for each timer it inserts and cancels).
         */
        Timer timer;
        long deadlineMs;
        int sends;
        /** The replicas' acknowledgements of a write, from the first one on. */
        WriteAcks acks;

        PendingOp(Request request, Consumer<DhtResult> done) {
            this.request = request;
            this.done = done;
        }
    }

    ClientOps(DhtContext ctx) {
        this.ctx = ctx;
    }

    int pending() {
        return pending.size();
    }

    void start(String dht, Op op, Id key, byte[] value, long expectedVersion, Consumer<DhtResult> done) {
        if (key == null || done == null) {
            throw new IllegalArgumentException("a DHT operation needs a key and a callback");
        }
        if ((op == Op.PUT || op == Op.PUT_IF_VERSION) && value == null) {
            throw new IllegalArgumentException("a put needs a value (use remove to delete a key)");
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("versions are positive (0 = must not exist), got " + expectedVersion);
        }
        if (value != null && value.length > ctx.config.maxValueBytes()) {
            later(done, DhtResult.failure(Status.TOO_LARGE, "value of " + value.length + " bytes exceeds the limit of "
                    + ctx.config.maxValueBytes() + " bytes"));
            return;
        }
        if (closed || !ctx.overlay.isJoined()) {
            later(done, DhtResult.failure(Status.UNAVAILABLE, closed ? "node is leaving" : "node has not joined the ring"));
            return;
        }
        if (pending.size() >= ctx.config.maxPendingOps()) {
            ctx.counters.refusedBusy++;
            later(done, DhtResult.failure(Status.UNAVAILABLE, "too many operations in flight"));
            return;
        }
        long id = ctx.newId();
        Request q = new Request(dht, key, op, value == null ? StoredKey.EMPTY : value, expectedVersion, id, ctx.self());
        PendingOp p = new PendingOp(q, done);
        pending.put(id, p);
        p.deadlineMs = ctx.env.nowMs() + ctx.config.opTimeoutMs();
        p.timer = ctx.env.schedule(0, () -> send(id));
    }

    /** The operation's timer: its deadline has come, or its next send. */
    private void onTimer(long id) {
        PendingOp p = pending.get(id);
        if (p == null) {
            return;
        }
        if (ctx.env.nowMs() >= p.deadlineMs) {
            complete(id, DhtResult.failure(Status.TIMEOUT, "no answer within " + ctx.config.opTimeoutMs() + " ms"));
        } else {
            send(id);
        }
    }

    private void send(long id) {
        PendingOp p = pending.get(id);
        if (p == null) {
            return;
        }
        if (!ctx.overlay.isJoined()) {
            complete(id, DhtResult.failure(Status.UNAVAILABLE, "node left the ring"));
            return;
        }
        Id key = p.request.key();
        NodeHandle root = ctx.overlay.coversKey(key) ? ctx.overlay.replicaSet(key, 1).get(0) : null;
        if (p.sends++ == 0 && root != null && !root.id().equals(ctx.selfId())) {
            // The root is in the leaf set: one message straight to it. Retries route, in case
            // that root is gone.
            ctx.env.send(root, p.request);
        } else {
            ctx.overlay.route(key, p.request);
        }
        if (pending.containsKey(id)) {
            long untilDeadline = Math.max(0, p.deadlineMs - ctx.env.nowMs());
            p.timer = ctx.env.schedule(Math.min(ctx.config.opRetryMs(), untilDeadline), () -> onTimer(id));
        }
    }

    void onReply(Reply r) {
        PendingOp p = pending.get(r.requestId());
        if (p == null) {
            return;
        }
        boolean carriesValue = (r.status() == Status.CONFLICT && r.version() != 0)
                || (r.status() == Status.OK && p.request.op() == Op.GET);
        complete(r.requestId(), new DhtResult(r.status(), carriesValue ? r.value() : null, r.version(), r.error()));
    }

    /**
     * Node {@code from} holds the version the root ordered for one of this node's writes (or a later
     * one): completes the write once {@code need - 1} nodes other than the root hold that version.
     */
    void onWriteAck(Id from, WriteAck a) {
        PendingOp p = pending.get(a.requestId());
        if (p == null || p.request.op() == Op.GET) {
            return;
        }
        if (p.acks == null) {
            p.acks = new WriteAcks();
        }
        if (p.acks.add(from, a)) {
            complete(a.requestId(), new DhtResult(Status.OK, null, a.version(), ""));
        }
    }

    private void complete(long id, DhtResult result) {
        PendingOp p = pending.remove(id);
        if (p == null) {
            return;
        }
        p.timer.cancel();
        run(p.done, result);
    }

    private void later(Consumer<DhtResult> done, DhtResult result) {
        ctx.env.schedule(0, () -> run(done, result));
    }

    private void run(Consumer<DhtResult> done, DhtResult result) {
        try {
            done.accept(result);
        } catch (RuntimeException ex) {
            ctx.counters.callbackErrors++;
        }
    }

    /** Refuses new operations from now on ({@code UNAVAILABLE}); those in flight go on. */
    void refuseNew() {
        closed = true;
    }

    /** Refuses new operations and fails those in flight with {@code UNAVAILABLE}. */
    void close(String why) {
        closed = true;
        for (long id : new ArrayList<>(pending.keySet())) {
            complete(id, DhtResult.failure(Status.UNAVAILABLE, why));
        }
    }
}
