package org.vigne.dht;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtMessage.Reply;
import org.vigne.dht.DhtMessage.Request;
import org.vigne.dht.DhtMessage.Store;
import org.vigne.dht.DhtMessage.StoreAck;
import org.vigne.dht.DhtResult.Status;

/**
 * The root's side of client requests: it orders versions and answers.
 *
 * <p>A root answers from its own copy only when it is <i>authoritative</i> for the key: it has
 * collected the other replicas' versions since its view of the key last changed ({@link RootSync}),
 * or every other replica has confirmed its digest since the view last changed, which covers the
 * keys it does not hold too ({@link RangeAuthority}); otherwise it syncs first, so a new root that lacks the key or holds an old version fetches the
 * latest before it assigns a version or answers a get. A write is stored here and sent to the
 * replicas, which acknowledge it both here and to the node that issued it; that node completes it
 * once r nodes hold it (all nodes when the ring is smaller; {@link WriteAcks}), so it survives any
 * r - 1 crashes, and a put costs three one-way delays instead of four. The root's own reply goes
 * only where those acknowledgements do not complete the write: to itself as the issuer, with a
 * failure, or when its view of the ring shrank below the count it announced. Replicas that stay
 * silent are retried, and after a first retry the next closest nodes are asked too, so a dead
 * replica the leaf set still lists does not stall it. Gets wait until the root has counted r
 * holders of the writes in flight on the key, so they never return a version not yet acknowledged.
 */
final class RootOps {
    /** Parked gets per key beyond which a get is answered at once. */
    private static final int MAX_PARKED = 64;

    private final NamedDht d;
    private final DhtContext ctx;
    private final RequestCache cache;
    private final Map<Long, PendingWrite> writes = new LinkedHashMap<>();

    /** A write ordered here and not yet held by r nodes. */
    private static final class PendingWrite {
        final long id;
        final Item item;
        final Request request;
        final long deadlineMs;
        final Set<Id> holders = new HashSet<>();
        /** The largest holder count the stores of this write asked the issuer to wait for (0: none sent). */
        int announcedNeed;
        int attempts;
        Timer timer;

        PendingWrite(long id, Item item, Request request, long deadlineMs) {
            this.id = id;
            this.item = item;
            this.request = request;
            this.deadlineMs = deadlineMs;
        }
    }

    RootOps(NamedDht d) {
        this.d = d;
        this.ctx = d.ctx;
        this.cache = new RequestCache(ctx.config.maxPendingOps(), 2 * ctx.config.opTimeoutMs());
    }

    int pending() {
        return writes.size() + cache.size();
    }

    /**
     * A request reached this node as the key's root. A node that has not joined (yet, or again
     * after a crash) is nobody's root: its leaf set is empty or partial, so it takes itself for the
     * root of any key routed to it, with no other replica to confirm or sync from. It drops the
     * request, and the client's retry routes it again (measured under exp:1.4m churn: such a node
     * answered a get of an acknowledged key NOT_FOUND).
     */
    void onRequest(Request q) {
        if (!ctx.overlay.isJoined()) {
            return;
        }
        Id origin = q.origin().id();
        boolean remembered = remembered(q);
        if (remembered && cache.seen(origin, q.requestId())) {
            Reply r = cache.reply(origin, q.requestId());
            if (r != null) {
                ctx.send(q.origin(), r);
            }
            return;
        }
        if (writes.size() + d.sync.pending() >= ctx.config.maxPendingOps()) {
            ctx.counters.refusedBusy++;
            ctx.send(q.origin(), reply(q, Status.UNAVAILABLE, null, 0, "root is overloaded"));
            return;
        }
        if (remembered) {
            cache.started(origin, q.requestId(), ctx.nowMs());
        }
        StoredKey e = d.store.get(q.key());
        if (e != null) {
            d.view.observe(e);
        }
        if ((e != null && e.root && e.authoritative) || d.authority.covers(q.key())) {
            execute(q);
        } else {
            d.sync.run(q.key(), () -> execute(q));
        }
    }

    private void execute(Request q) {
        if (d.stopped()) {
            return;
        }
        StoredKey e = d.store.get(q.key());
        switch (q.op()) {
            case GET -> {
                if (e != null && e.inflightWrites > 0 && (e.parkedGets == null || e.parkedGets.size() < MAX_PARKED)) {
                    e.park(() -> answerGet(q));
                } else {
                    answerGet(q);
                }
            }
            case PUT -> write(q, e, q.value(), false);
            case PUT_IF_VERSION -> {
                long current = e == null ? 0 : e.visibleVersion();
                if (q.expectedVersion() != current) {
                    byte[] v = e == null || e.tombstone ? null : e.value;
                    answer(q, reply(q, Status.CONFLICT, v, current,
                            "version is " + current + ", expected " + q.expectedVersion()));
                } else {
                    write(q, e, q.value(), false);
                }
            }
            case REMOVE -> {
                if (e == null || e.tombstone) {
                    answer(q, reply(q, Status.NOT_FOUND, null, 0, "no such key"));
                } else {
                    write(q, e, StoredKey.EMPTY, true);
                }
            }
        }
        d.outbox.flush();
    }

    private void answerGet(Request q) {
        StoredKey e = d.store.get(q.key());
        if (e == null || e.tombstone) {
            answer(q, reply(q, Status.NOT_FOUND, null, 0, "no such key"));
        } else {
            answer(q, reply(q, Status.OK, e.value, e.version, ""));
        }
    }

    private void write(Request q, StoredKey current, byte[] value, boolean tombstone) {
        write(q, current == null ? 0 : current.version, value, tombstone);
    }

    private void write(Request q, long after, byte[] value, boolean tombstone) {
        long version = Versions.next(after, ctx.versionTag);
        Item item = new Item(q.key(), version, value, tombstone);
        StoredKey e = d.view.apply(item);
        e.authoritative = e.root;
        e.inflightWrites++;
        PendingWrite w = new PendingWrite(ctx.newId(), item, q, ctx.nowMs() + ctx.config.opTimeoutMs());
        writes.put(w.id, w);
        sendStores(w, d.r);
        if (!checkDone(w)) {
            w.timer = ctx.env.schedule(ctx.config.storeRetryMs(), () -> retry(w.id));
        }
    }

    private void sendStores(PendingWrite w, int width) {
        int need = need(w);
        Store s = new Store(d.name, w.item, w.id, w.request.origin(), w.request.requestId(), need);
        for (NodeHandle n : ctx.replicaSet(w.item.key(), width)) {
            if (!n.id().equals(ctx.selfId()) && !w.holders.contains(n.id())) {
                ctx.send(n, s);
                w.announcedNeed = Math.max(w.announcedNeed, need);
            }
        }
    }

    /** Holders a write needs, this root included: r, or every node when the ring is smaller. */
    private int need(PendingWrite w) {
        return Math.min(d.r, ctx.replicaSet(w.item.key(), d.r).size());
    }

    private void retry(long id) {
        PendingWrite w = writes.get(id);
        if (w == null || d.stopped()) {
            return;
        }
        if (checkDone(w)) {
            return;
        }
        if (ctx.nowMs() >= w.deadlineMs) {
            ctx.counters.writesTimedOut++;
            finish(w, reply(w.request, Status.TIMEOUT, null, 0, "replicas did not acknowledge in time"), true);
            return;
        }
        w.attempts++;
        sendStores(w, d.r + Math.min(w.attempts, 2));
        w.timer = ctx.env.schedule(ctx.config.storeRetryMs(), () -> retry(id));
    }

    /** A replica holds the key at {@code a.version()}. */
    void onStoreAck(NodeHandle from, StoreAck a) {
        PendingWrite w = writes.get(a.writeId());
        if (w == null || a.version() < w.item.version() || !a.key().equals(w.item.key())) {
            return;
        }
        if (a.version() > w.item.version()) {
            // The replica holds a version this root did not know of (a write its sync missed):
            // order this write after it, so the newer request wins.
            restart(w, a.version());
            return;
        }
        w.holders.add(from.id());
        checkDone(w);
    }

    private void restart(PendingWrite w, long after) {
        writes.remove(w.id);
        if (w.timer != null) {
            w.timer.cancel();
        }
        StoredKey e = d.store.get(w.item.key());
        if (e != null) {
            e.inflightWrites--;
            after = Math.max(after, e.version);
        }
        write(w.request, after, w.item.value(), w.item.tombstone());
        d.outbox.flush();
    }

    private boolean checkDone(PendingWrite w) {
        int need = need(w);
        w.holders.remove(ctx.selfId());
        if (1 + w.holders.size() < need) {
            return false;
        }
        Reply ok = reply(w.request, Status.OK, null, w.item.version(), "");
        // The replicas' acknowledgements complete the write at its issuer, which needs
        // announcedNeed - 1 of them: the root answers only where they do not.
        boolean issuerCompletes = !w.request.origin().id().equals(ctx.selfId()) && w.announcedNeed > 1
                && need >= w.announcedNeed;
        finish(w, ok, !issuerCompletes);
        return true;
    }

    /** Ends {@code w} with {@code r}, kept for the client's retries and sent to it when {@code send}. */
    private void finish(PendingWrite w, Reply r, boolean send) {
        writes.remove(w.id);
        if (w.timer != null) {
            w.timer.cancel();
        }
        StoredKey e = d.store.get(w.item.key());
        if (e != null) {
            e.inflightWrites--;
            if (e.inflightWrites == 0) {
                for (Runnable get : e.takeParked()) {
                    get.run();
                }
            }
        }
        if (send) {
            answer(w.request, r);
        } else {
            cache.answered(w.request.origin().id(), w.request.requestId(), r);
        }
    }

    private Reply reply(Request q, Status status, byte[] value, long version, String error) {
        return new Reply(q.requestId(), status, value == null ? StoredKey.EMPTY : value, version, error);
    }

    /**
     * Writes only: a get is idempotent, so its retry may run again. Remembered, each get kept its
     * reply (value included) for up to twice the operation timeout: at 12,000 gets/s the young
     * collections copied them and they crowded the writes out of the cache's bound.
     */
    private static boolean remembered(Request q) {
        return q.op() != DhtMessage.Op.GET;
    }

    private void answer(Request q, Reply r) {
        if (remembered(q)) {
            cache.answered(q.origin().id(), q.requestId(), r);
        }
        ctx.send(q.origin(), r);
    }

    void expire() {
        cache.expire(ctx.nowMs());
    }

    /** Gives up every write in flight (the node stops). */
    void stop() {
        for (PendingWrite w : new ArrayList<>(writes.values())) {
            if (w.timer != null) {
                w.timer.cancel();
            }
        }
        writes.clear();
    }
}
