package org.vigne.data;

import java.util.Arrays;
import org.vigne.core.NodeHandle;
import org.vigne.data.DataMessage.Access;
import org.vigne.data.DataMessage.Invalidate;
import org.vigne.data.DataMessage.InvalidateAck;
import org.vigne.data.DataMessage.Kind;
import org.vigne.data.DataMessage.ReadGrant;

/**
 * The life of a copy on a node whose components access it: client accesses served from the copy
 * when its rights allow, faults sent as access requests (STAT: routed to the object manager; DYN:
 * along the probable-owner chain, and to the backup manager when the chain seems broken),
 * grants installed, invalidations obeyed, and requests that reach a copy which is not the master
 * passed on towards it along probable owners (K. Li's dynamic distributed manager).
 */
final class CopyProtocol {
    private final DataContext ctx;
    private final MasterCopy master;

    CopyProtocol(DataContext ctx, MasterCopy master) {
        this.ctx = ctx;
        this.master = master;
        master.setCopies(this);
    }

    // ---- client accesses ------------------------------------------------------------------------

    /** Queues a client access on {@code c} and serves what can be served. */
    void submit(Copy c, LocalOp op) {
        c.ops.add(op);
        op.deadline = ctx.env.schedule(ctx.config.opTimeoutMs(), () -> timeout(c, op));
        pump(c);
    }

    /**
     * Serves the client accesses of {@code c} in order while its rights allow, and asks for the
     * rights the first waiting access lacks. Never runs while mastership is being handed off or
     * an invalidation is under way.
     */
    void pump(Copy c) {
        while (c.state() != CopyState.HANDING_OFF && c.round == null) {
            LocalOp op = c.ops.peek();
            if (op == null) {
                break;
            }
            CopyState s = c.state();
            if (op.kind == LocalOp.Kind.READ) {
                if (!s.readable()) {
                    need(c, op, Kind.READ);
                    return;
                }
                op.epochRead = c.epoch;
                op.versionRead = c.version;
                finish(c, op, AccessResult.ok(c.value));
            } else if (op.kind == LocalOp.Kind.COMPARE_AND_SET && s.readable() && !Arrays.equals(c.value, op.expected)) {
                // A valid copy is current: the compare fails at this instant, as a read would.
                finish(c, op, new AccessResult(AccessResult.Status.CONFLICT, c.value, "the value is not the expected one"));
            } else if (s == CopyState.MASTER_WRITE) {
                c.value = op.value;
                c.version++;
                finish(c, op, AccessResult.ok(Copy.EMPTY));
            } else if (s == CopyState.MASTER_READ) {
                if (c.queued.isEmpty()) {
                    master.startRound(c);
                    return;
                }
                master.serveQueued(c);
            } else {
                need(c, op, Kind.WRITE);
                return;
            }
        }
        if (c.state().isMaster() && c.round == null && !c.queued.isEmpty()) {
            master.serveQueued(c);
        }
    }

    private void finish(Copy c, LocalOp op, AccessResult r) {
        c.ops.remove(op);
        op.finished = true;
        if (op.deadline != null) {
            op.deadline.cancel();
        }
        ctx.env.schedule(0, () -> op.done.accept(r));
    }

    private void timeout(Copy c, LocalOp op) {
        if (op.finished) {
            return;
        }
        finish(c, op, AccessResult.failure(AccessResult.Status.TIMEOUT,
                "no answer from the master of " + c.name + " within " + ctx.config.opTimeoutMs() + " ms"));
        pump(c);
    }

    /** Fails every client access of {@code c} (the copy is dropped or the node left the application). */
    void failAll(Copy c, AccessResult.Status status, String reason) {
        while (!c.ops.isEmpty()) {
            finish(c, c.ops.peek(), AccessResult.failure(status, reason));
        }
    }

    // ---- access requests ------------------------------------------------------------------------

    private void need(Copy c, LocalOp op, Kind kind) {
        if (!op.faulted) {
            op.faulted = true;
            ctx.counters.faults++;
        }
        Copy.PendingRequest r = c.request;
        if (r != null && (r.kind == kind || r.kind == Kind.WRITE)) {
            return;
        }
        if (r != null && r.retry != null) {
            r.retry.cancel();
        }
        r = new Copy.PendingRequest(kind, ++c.lastRequestSeq, ctx.nowMs());
        c.request = r;
        ctx.counters.requests++;
        send(c, r);
    }

    private void send(Copy c, Copy.PendingRequest r) {
        r.attempts++;
        Access a = new Access(c.name, c.epoch, r.kind, ctx.self(), r.seq, c.epochMaster, 0);
        NodeHandle owner = c.probOwner;
        boolean chain = ctx.protocol(c) == ConsistencyProtocol.DYN && r.attempts % 2 == 1 && owner != null
                && !ctx.isSelf(owner);
        if (chain) {
            ctx.send(owner, a);
        } else {
            if (ctx.protocol(c) == ConsistencyProtocol.DYN) {
                ctx.counters.backupRequests++;
            }
            ctx.route(c.key, a);
        }
        r.retry = ctx.env.schedule(ctx.retryMs(ctx.requestRtt, r.attempts), () -> retry(c, r));
    }

    private void retry(Copy c, Copy.PendingRequest r) {
        if (c.request != r) {
            return;
        }
        ctx.counters.retransmissions++;
        send(c, r);
    }

    private void requestDone(Copy c) {
        Copy.PendingRequest r = c.request;
        if (r.retry != null) {
            r.retry.cancel();
        }
        if (r.attempts == 1) {
            ctx.requestRtt.sample(ctx.nowMs() - r.firstSentMs);
        }
        c.request = null;
    }

    /** Mastership arrived: any request out is answered. */
    void masteryGained(Copy c) {
        if (c.request != null) {
            requestDone(c);
        } else if (c.ops.stream().noneMatch(LocalOp::writes)) {
            ctx.counters.unsolicitedMasterships++;
        }
    }

    /**
     * A read grant arrived. It is installed only if it answers the request out now and no
     * invalidation has covered its version since: a late or duplicated grant is stale.
     */
    void onReadGrant(Copy c, ReadGrant g) {
        Copy.PendingRequest r = c.request;
        if (c.state().isMaster() || c.state() == CopyState.HANDING_OFF || r == null || r.seq != g.requestSeq()
                || r.kind != Kind.READ || g.version() <= c.invalidUpTo) {
            ctx.counters.staleGrants++;
            if (r != null && r.seq == g.requestSeq() && r.kind == Kind.READ && g.version() <= c.invalidUpTo) {
                // Invalidated while the grant travelled: ask again now rather than after a timeout.
                r.retry.cancel();
                ctx.counters.retransmissions++;
                send(c, r);
            }
            return;
        }
        c.value = g.value();
        c.version = g.version();
        c.ownerSeq = Math.max(c.ownerSeq, g.ownerSeq());
        c.probOwner = g.master();
        if (c.state() == CopyState.INVALID) {
            c.become(CopyState.READ);
        }
        requestDone(c);
        pump(c);
    }

    /** The master invalidates copies up to a version: obey, remember the version, acknowledge. */
    void onInvalidate(Copy c, Invalidate inv) {
        c.invalidUpTo = Math.max(c.invalidUpTo, inv.version());
        if (c.state() == CopyState.READ && c.version <= inv.version()) {
            c.become(CopyState.INVALID);
        }
        if (!c.state().isMaster() && c.state() != CopyState.HANDING_OFF) {
            c.probOwner = inv.master();
        }
        ctx.send(inv.master(), new InvalidateAck(c.name, c.epoch, inv.version()));
    }

    // ---- requests passing through ---------------------------------------------------------------

    /** An access request reached this node's copy: the master serves it, any other copy passes it on. */
    void onAccess(Copy c, Access a) {
        if (c.state().isMaster()) {
            master.onRequest(c, a);
        } else {
            forward(c, a);
        }
    }

    /**
     * Passes a request on towards the master: to the node mastership was handed to, else to the
     * probable owner, else (no pointer) to the object manager.
     *
     * <p>Probable owners change as in Li's dynamic manager when a grant, an invalidation or a
     * hand-off names a master, but not when a write request passes (Li's fourth rule): that rule
     * needs the requester to hold the requests that reach it until it owns the object, over
     * reliable FIFO channels; with retransmissions it made requests circle between waiting
     * writers. Without it a pointer only ever moves to a node that was master later than the one it
     * named, so following pointers cannot loop and ends at the master.
     */
    void forward(Copy c, Access a) {
        if (a.hops() >= ctx.config.maxForwardHops()) {
            ctx.counters.droppedRequests++;
            return;
        }
        NodeHandle next = c.state() == CopyState.HANDING_OFF ? c.handOff.target : c.probOwner;
        ctx.counters.forwarded++;
        if (next == null || ctx.isSelf(next)) {
            ctx.route(c.key, a.forwarded());
        } else {
            ctx.send(next, a.forwarded());
        }
    }

    // ---- membership -----------------------------------------------------------------------------

    /** This node stopped running components: its copy becomes useless, and a master moves on. */
    void leave(Copy c) {
        failAll(c, AccessResult.Status.UNKNOWN_APPLICATION,
                "this node no longer runs components of " + c.name.application());
        if (c.request != null) {
            if (c.request.retry != null) {
                c.request.retry.cancel();
            }
            c.request = null;
        }
        if (c.state() == CopyState.READ) {
            c.invalidUpTo = Math.max(c.invalidUpTo, c.version);
            c.become(CopyState.INVALID);
        }
        master.relinquish(c);
    }

    /** An invalidation for a node with no copy of that epoch: it holds nothing the invalidation covers. */
    void acknowledgeWithoutCopy(NodeHandle master, Invalidate inv) {
        ctx.send(master, new InvalidateAck(inv.object(), inv.epoch(), inv.version()));
    }
}
