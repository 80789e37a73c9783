package org.vigne.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.data.DataMessage.Access;
import org.vigne.data.DataMessage.Invalidate;
import org.vigne.data.DataMessage.InvalidateAck;
import org.vigne.data.DataMessage.MasterIs;
import org.vigne.data.DataMessage.ReadGrant;
import org.vigne.data.DataMessage.Transfer;
import org.vigne.data.DataMessage.TransferAck;

/**
 * The duties of a master copy (paper, Sect. 6): serve read requests from its value and record the
 * reader in the copy set; before a write, invalidate every other valid copy and wait for their
 * acknowledgements; hand mastership over to a writer with the value and copy set, retransmitting
 * until acknowledged; publish its location to the object manager.
 *
 * <p>The one rule atomicity rests on: a master grants itself write access ({@code MASTER_WRITE})
 * only when every copy on a node running components of the application has acknowledged the
 * invalidation of the current version. A copy on another node is useless (no component reads it)
 * and never blocks a write.
 */
final class MasterCopy {
    private final DataContext ctx;
    private CopyProtocol copies;

    MasterCopy(DataContext ctx) {
        this.ctx = ctx;
    }

    void setCopies(CopyProtocol copies) {
        this.copies = copies;
    }

    // ---- requests --------------------------------------------------------------------------------

    /** A request reached this master: serve it now, or queue it while an invalidation runs. */
    void onRequest(Copy c, Access a) {
        if (ctx.isSelf(a.requester())) {
            return;
        }
        if (c.round != null || c.revocation != null) {
            c.queued.removeIf(q -> q.requester().id().equals(a.requester().id()));
            if (c.queued.size() >= ctx.config.maxQueuedRequests()) {
                ctx.counters.droppedRequests++;
                return;
            }
            c.queued.add(a);
            return;
        }
        serve(c, a);
    }

    /** Serves the requests that waited for an invalidation round, while this copy stays an idle master. */
    void serveQueued(Copy c) {
        while (c.state().isMaster() && c.round == null && c.revocation == null && !c.queued.isEmpty()) {
            serve(c, c.queued.poll());
        }
        if (c.state() == CopyState.HANDING_OFF) {
            while (!c.queued.isEmpty()) {
                copies.forward(c, c.queued.poll());
            }
        }
    }

    private void serve(Copy c, Access a) {
        NodeHandle requester = a.requester();
        if (!ctx.isMember(c, requester)) {
            // Only components access objects: a request from elsewhere is stale or forged.
            ctx.counters.droppedRequests++;
            return;
        }
        if (a.kind() == DataMessage.Kind.WRITE) {
            Long last = c.servedWrites.get(requester.id());
            if (last != null && a.requestSeq() <= last) {
                ctx.counters.duplicateRequests++;
                return;
            }
            c.servedWrites.put(requester.id(), a.requestSeq());
            handOffToWriter(c, requester);
            return;
        }
        if (!ctx.isMember(c, ctx.self())) {
            // A master on a node that runs no component hands mastership on to any member asking.
            handOffToWriter(c, requester);
            return;
        }
        c.copySet.put(requester.id(), requester);
        if (c.state() == CopyState.MASTER_WRITE) {
            c.become(CopyState.MASTER_READ);
        }
        ctx.send(requester, new ReadGrant(c.name, c.epoch, a.requestSeq(), c.value, c.version, c.ownerSeq, ctx.self()));
    }

    // ---- invalidation before a write -------------------------------------------------------------

    /** Starts invalidating the copy set so that this master may write. */
    void startRound(Copy c) {
        if (c.state() != CopyState.MASTER_READ || c.round != null) {
            throw new IllegalStateException(c.name + ": a round starts from an idle MASTER_READ, not " + c.state());
        }
        InvalidationRound r = new InvalidationRound(c.version, ctx.nowMs());
        c.round = r;
        for (NodeHandle h : c.copySet.values()) {
            if (ctx.isMember(c, h)) {
                r.waiting.put(h.id(), h);
            }
        }
        sendInvalidations(c, new ArrayList<>(c.copySet.values()));
        // The round reserves the next version: a copy that acknowledged the invalidation of
        // r.version accepts only grants of a later one, so the master must never grant r.version
        // again, even if the write is abandoned (a timed-out access, or mastership relinquished).
        c.version++;
        if (!maybeFinishRound(c)) {
            r.retry = ctx.env.schedule(ctx.retryMs(ctx.directRtt, r.attempts), () -> retryRound(c, r));
        }
    }

    private void sendInvalidations(Copy c, List<NodeHandle> to) {
        Invalidate inv = new Invalidate(c.name, c.epoch, c.round.version, ctx.self());
        for (NodeHandle h : to) {
            ctx.counters.invalidations++;
            ctx.send(h, inv);
        }
    }

    private void retryRound(Copy c, InvalidationRound r) {
        if (c.round != r) {
            return;
        }
        r.attempts++;
        sendInvalidations(c, new ArrayList<>(r.waiting.values()));
        r.retry = ctx.env.schedule(ctx.retryMs(ctx.directRtt, r.attempts), () -> retryRound(c, r));
    }

    void onInvalidateAck(Copy c, NodeHandle from, InvalidateAck ack) {
        InvalidationRound r = c.round;
        if (r == null || ack.version() != r.version) {
            return;
        }
        c.copySet.remove(from.id());
        if (r.waiting.remove(from.id()) != null && r.attempts == 1) {
            ctx.directRtt.sample(ctx.nowMs() - r.startedMs);
        }
        maybeFinishRound(c);
    }

    /** The application's members changed: copies on nodes that left no longer block the round. */
    void membersChanged(Copy c) {
        InvalidationRound r = c.round;
        if (r == null) {
            return;
        }
        r.waiting.values().removeIf(h -> !ctx.isMember(c, h));
        maybeFinishRound(c);
    }

    private boolean maybeFinishRound(Copy c) {
        InvalidationRound r = c.round;
        if (!r.complete()) {
            return false;
        }
        r.cancel();
        c.round = null;
        // Copies on nodes that run no component were told but not waited for: forget them.
        c.copySet.clear();
        c.become(CopyState.MASTER_WRITE);
        copies.pump(c);
        return true;
    }

    // ---- mastership hand-off --------------------------------------------------------------------

    /**
     * Hands mastership to a writer once no component on this node may still read the value from
     * its near copy (the writer overwrites it at once); requests wait in the queue meanwhile.
     */
    private void handOffToWriter(Copy c, NodeHandle target) {
        if (ctx.near.revoked(c, () -> {
            if (c.state().isMaster()) {
                handOff(c, target);
            }
        })) {
            handOff(c, target);
        }
    }

    /** Hands mastership to {@code target} with the value and the copy set, then forwards to it. */
    void handOff(Copy c, NodeHandle target) {
        c.copySet.remove(target.id());
        c.ownerSeq++;
        List<DataMessage.Served> served = new ArrayList<>();
        for (Map.Entry<Id, Long> e : c.servedWrites.entrySet()) {
            if (ctx.view.isMember(c.name.application(), e.getKey())) {
                served.add(new DataMessage.Served(e.getKey(), e.getValue()));
            }
        }
        Transfer t = new Transfer(c.name, c.epoch, c.ownerSeq, c.value, c.version, List.copyOf(c.copySet.values()),
                served, ctx.self());
        c.copySet.clear();
        c.servedWrites.clear();
        c.become(CopyState.HANDING_OFF);
        c.probOwner = target;
        if (c.publish != null) {
            c.publish.cancel();
            c.publish = null;
        }
        Copy.HandOff h = new Copy.HandOff(target, t, ctx.nowMs());
        c.handOff = h;
        ctx.counters.handOffs++;
        ctx.send(target, t);
        h.retry = ctx.env.schedule(ctx.retryMs(ctx.directRtt, h.attempts), () -> retryHandOff(c, h));
        serveQueued(c);
    }

    private void retryHandOff(Copy c, Copy.HandOff h) {
        if (c.handOff != h) {
            return;
        }
        h.attempts++;
        ctx.send(h.target, h.message);
        h.retry = ctx.env.schedule(ctx.retryMs(ctx.directRtt, h.attempts), () -> retryHandOff(c, h));
    }

    void onTransferAck(Copy c, TransferAck ack) {
        Copy.HandOff h = c.handOff;
        if (c.state() != CopyState.HANDING_OFF || h == null || h.message.ownerSeq() != ack.ownerSeq()) {
            return;
        }
        if (h.attempts == 1) {
            ctx.directRtt.sample(ctx.nowMs() - h.sentMs);
        }
        endHandOff(c);
        c.become(CopyState.INVALID);
        copies.pump(c);
    }

    /** Stops retransmitting the hand-off: it was acknowledged, or mastership came back since. */
    void endHandOff(Copy c) {
        if (c.handOff != null && c.handOff.retry != null) {
            c.handOff.retry.cancel();
        }
        c.handOff = null;
    }

    /**
     * Mastership {@code t} arrived. A newer one than this copy has seen is accepted whether or not
     * it was asked for (refusing would lose the object); an older one is a duplicate. Both are
     * acknowledged.
     */
    void onTransfer(Copy c, Transfer t) {
        ctx.send(t.from(), new TransferAck(c.name, c.epoch, t.ownerSeq()));
        if (t.ownerSeq() <= c.ownerSeq) {
            return;
        }
        if (c.state() == CopyState.HANDING_OFF) {
            endHandOff(c);
        }
        c.value = t.value();
        c.version = t.version();
        c.ownerSeq = t.ownerSeq();
        c.probOwner = null;
        for (NodeHandle h : t.copySet()) {
            if (!ctx.isSelf(h)) {
                c.copySet.put(h.id(), h);
            }
        }
        for (DataMessage.Served x : t.served()) {
            c.servedWrites.put(x.requester(), x.requestSeq());
        }
        c.become(c.copySet.isEmpty() ? CopyState.MASTER_WRITE : CopyState.MASTER_READ);
        copies.masteryGained(c);
        announce(c);
        if (!ctx.isMember(c, ctx.self())) {
            relinquish(c);
            return;
        }
        copies.pump(c);
    }

    /**
     * This node no longer runs components: hand mastership to the member closest to the object.
     * A round still running served a local write that has been abandoned; the copies it had not
     * yet invalidated stay in the copy set and travel with mastership.
     */
    void relinquish(Copy c) {
        if (!c.state().isMaster()) {
            return;
        }
        if (c.round != null) {
            c.round.cancel();
            c.round = null;
        }
        NodeHandle to = ApplicationTable.closest(c.key, ctx.view.members(c.name.application()));
        if (to != null && !ctx.isSelf(to)) {
            handOff(c, to);
        }
    }

    // ---- publication to the object manager ------------------------------------------------------

    /**
     * Tells the object manager where the master is: at once under STAT, whose manager redirects
     * every request; under DYN only periodically (the backup is asked only when chains break).
     */
    void announce(Copy c) {
        if (ctx.protocol(c) == ConsistencyProtocol.STAT) {
            publishNow(c);
        } else {
            schedulePublish(c);
        }
    }

    /** The epoch's first master starts publishing (its location is known to all: only periodically). */
    void schedulePublish(Copy c) {
        if (c.publish != null) {
            c.publish.cancel();
        }
        c.publish = ctx.env.schedule(ctx.config.publishPeriodMs(), () -> {
            c.publish = null;
            if (c.state().isMaster()) {
                publishNow(c);
            }
        });
    }

    private void publishNow(Copy c) {
        ctx.route(c.key, new MasterIs(c.name, c.epoch, c.ownerSeq, ctx.self()));
        schedulePublish(c);
    }
}
