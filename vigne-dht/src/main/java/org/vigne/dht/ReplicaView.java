package org.vigne.dht;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtMessage.Purpose;

/**
 * This node's view of where its keys belong, and the moves it makes from it (paper, Sect. 4:
 * "keys are automatically moved and replicated").
 *
 * <p>{@link #observe} refreshes a key's replica set when the leaf set changed since the last look,
 * reports the change to the handler (in the order {@link DhtHandler} promises), and re-replicates:
 * of the nodes that held the key before and still should, the closest to the key copies it to the
 * newcomers, so in a consistent view exactly one node pushes. {@link #handoffPass} moves keys this
 * node should no longer hold to the nodes that should, and drops them only once all of those have
 * acknowledged, so the last copy this node knows of is never dropped.
 */
final class ReplicaView {
    private final NamedDht d;
    private final DhtContext ctx;

    ReplicaView(NamedDht d) {
        this.d = d;
        this.ctx = d.ctx;
    }

    /** Brings {@code e}'s view up to date with the current leaf set. */
    void observe(StoredKey e) {
        if (e.dropped || e.viewEpoch == ctx.epoch) {
            return;
        }
        e.viewEpoch = ctx.epoch;
        List<NodeHandle> now = List.copyOf(ctx.replicaSet(e.key, d.r));
        if (DhtContext.sameIds(now, e.replicas)) {
            return;
        }
        List<NodeHandle> old = e.replicas;
        boolean nowRoot = !now.isEmpty() && now.get(0).id().equals(ctx.selfId());
        e.authoritative = false;
        if (e.root && !nowRoot) {
            e.root = false;
            notifyRootLost(e.key);
        }
        d.store.place(e, now);
        notifyChanged(e.key, old, now);
        if (nowRoot && !e.root) {
            e.root = true;
            notifyRootGained(e.key);
        }
        if (!d.managed && !old.isEmpty() && e.version > 0 && firstKeeper(old, now)) {
            Item it = e.item();
            for (NodeHandle n : now) {
                if (!DhtContext.contains(old, n.id())) {
                    d.outbox.add(n, Purpose.REPAIR, it);
                }
            }
        }
    }

    /** True when this node is the closest member of {@code now} that was also in {@code old}. */
    private boolean firstKeeper(List<NodeHandle> old, List<NodeHandle> now) {
        for (NodeHandle n : now) {
            if (DhtContext.contains(old, n.id())) {
                return n.id().equals(ctx.selfId());
            }
        }
        return false;
    }

    /** Stores {@code it} if newer than what this node holds (creating the key); returns the entry. */
    StoredKey apply(Item it) {
        StoredKey e = d.store.get(it.key());
        boolean created = e == null;
        if (created) {
            e = d.store.getOrCreate(it.key());
        }
        d.store.offer(e, it, ctx.nowMs());
        if (created) {
            observe(e);
        }
        return e;
    }

    /** Forgets {@code e}, telling the handler. Never called while writes of it are in flight. */
    void drop(StoredKey e) {
        List<NodeHandle> old = e.replicas;
        d.store.remove(e);
        if (e.root) {
            e.root = false;
            notifyRootLost(e.key);
        }
        if (!old.isEmpty()) {
            notifyChanged(e.key, old, List.of());
        }
        for (Runnable get : e.takeParked()) {
            get.run();
        }
    }

    /**
     * If this node is no longer among {@code e}'s replicas, offers the key to every replica that has
     * not acknowledged its current version, sends the value to those that answer with an older one
     * (and, once an anti-entropy period, to those still silent), and drops the key once all hold it.
     */
    void handoffPass(StoredKey e) {
        if (e.dropped || d.managed) {
            return;
        }
        if (DhtContext.contains(e.replicas, ctx.selfId()) || e.inflightWrites > 0 || e.replicas.isEmpty()) {
            e.handoffAcks = null;
            e.handoffSentMs = null;
            return;
        }
        boolean all = true;
        Item it = null;
        long now = ctx.nowMs();
        for (NodeHandle n : e.replicas) {
            Long v = e.handoffAcks == null ? null : e.handoffAcks.get(n.id());
            if (v == null || v < e.version) {
                all = false;
                // First an offer of the version (most targets already hold it); then the value, to a
                // target that answered with an older version or stayed silent, once a round at most.
                boolean offered = e.handoffSentMs != null && e.handoffSentMs.containsKey(n.id());
                if (e.mayHandOff(n.id(), now, ctx.config.antiEntropyMs())) {
                    if (it == null) {
                        it = e.item();
                    }
                    if (offered) {
                        d.outbox.add(n, Purpose.HANDOFF, it);
                    } else {
                        d.outbox.offer(n, it);
                    }
                }
            }
        }
        if (all) {
            ctx.counters.handedOff++;
            drop(e);
        }
    }

    /** A replica acknowledged holding {@code key} at {@code version} after a hand-off. */
    void onHandoffAck(NodeHandle from, Id key, long version) {
        StoredKey e = d.store.get(key);
        if (e == null || d.managed) {
            return;
        }
        e.ackHandoff(from.id(), version);
        observe(e);
        if (allAcked(e)) {
            handoffPass(e);
        } else if (version < e.version && DhtContext.contains(e.replicas, from.id())
                && !DhtContext.contains(e.replicas, ctx.selfId())) {
            d.outbox.add(from, Purpose.HANDOFF, e.item());
        }
    }

    private boolean allAcked(StoredKey e) {
        if (e.handoffAcks == null || DhtContext.contains(e.replicas, ctx.selfId())) {
            return false;
        }
        for (NodeHandle n : e.replicas) {
            Long v = e.handoffAcks.get(n.id());
            if (v == null || v < e.version) {
                return false;
            }
        }
        return true;
    }

    /** Tells a newly installed handler about the keys already held, as if they had just arrived. */
    void replayTo() {
        for (StoredKey e : d.store.snapshot()) {
            if (!e.replicas.isEmpty()) {
                notifyChanged(e.key, List.of(), e.replicas);
                if (e.root) {
                    notifyRootGained(e.key);
                }
            }
        }
    }

    private void notifyChanged(Id key, List<NodeHandle> old, List<NodeHandle> now) {
        DhtHandler h = d.handler;
        if (h == null) {
            return;
        }
        try {
            h.replicaSetChanged(key, old, now);
        } catch (RuntimeException ex) {
            ctx.counters.handlerErrors++;
        }
    }

    private void notifyRootGained(Id key) {
        DhtHandler h = d.handler;
        if (h == null) {
            return;
        }
        try {
            h.rootGained(key);
        } catch (RuntimeException ex) {
            ctx.counters.handlerErrors++;
        }
    }

    private void notifyRootLost(Id key) {
        DhtHandler h = d.handler;
        if (h == null) {
            return;
        }
        try {
            h.rootLost(key);
        } catch (RuntimeException ex) {
            ctx.counters.handlerErrors++;
        }
    }
}
