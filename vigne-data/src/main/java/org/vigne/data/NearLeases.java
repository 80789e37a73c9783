package org.vigne.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Timer;

/**
 * The leases a node grants on its copies to component sessions that keep a near copy (Gray and
 * Cheriton's leases with push invalidation): one more level of write-invalidate below the node's
 * copy. The rule it keeps: <b>before a node's copy is invalidated or overwritten</b> (its
 * acknowledgement of an invalidation, a write on the master, mastership handed to a writer) every
 * session holding a lease on it has acknowledged the revocation or seen its lease expire.
 *
 * <p>A lease runs from the grant; the component counts it from the instant it sent its request,
 * earlier on the same monotonic clock, so the component stops using its copy no later than the
 * node stops waiting for it. A stuck or dead component therefore delays a write by at most one
 * lease. Memory stays bounded: a copy holds at most one lease per live session, and expired leases
 * are forgotten whenever the copy grants or revokes.
 */
final class NearLeases {
    /** Sessions one copy lends to at once; more read through the node (garbage guard, far above real use). */
    static final int MAX_HOLDERS = 4096;

    /** One session's lease: the grant's sequence number and the instant the node counts it expired. */
    record Lease(long seq, long expiresMs) {
    }

    /** A revocation under way on one copy: the sessions not yet heard from, and what waits for them. */
    static final class Revocation {
        final Map<Long, Long> waiting = new LinkedHashMap<>();
        final List<Runnable> then = new ArrayList<>(2);
        Timer expiry;
        /** Set once the copy's accesses wait for this revocation too. */
        boolean pumpAfter;
    }

    private final DataContext ctx;
    private NearCopyChannel channel;
    private long lastSeq;

    NearLeases(DataContext ctx) {
        this.ctx = ctx;
    }

    void setChannel(NearCopyChannel channel) {
        this.channel = channel;
    }

    /**
     * Lends {@code c}'s value, read now, to {@code session}: the grant's sequence number, or 0
     * when no lease may be granted (no channel, leases off, a revocation under way, too many holders).
     */
    long grant(Copy c, long session) {
        if (channel == null || ctx.config.leaseMs() <= 0 || session <= 0 || c.revocation != null) {
            return 0;
        }
        long now = ctx.nowMs();
        prune(c, now);
        if (c.leases.size() >= MAX_HOLDERS && !c.leases.containsKey(session)) {
            return 0;
        }
        long seq = ++lastSeq;
        // One more millisecond: nowMs is truncated, and the component counts from an earlier instant.
        c.leases.put(session, new Lease(seq, now + ctx.config.leaseMs() + 1));
        ctx.counters.leasesGranted++;
        return seq;
    }

    /**
     * True when no session may still read {@code c}'s value from a near copy. Otherwise revokes
     * every lease and answers false; {@code then} runs (on the loop) once every holder acknowledged
     * or its lease expired, unless the copy is dropped first. No lease is granted meanwhile.
     */
    boolean revoked(Copy c, Runnable then) {
        if (c.revocation != null) {
            c.revocation.then.add(then);
            return false;
        }
        long now = ctx.nowMs();
        prune(c, now);
        if (c.leases.isEmpty()) {
            return true;
        }
        Revocation r = new Revocation();
        long last = now;
        for (Map.Entry<Long, Lease> e : c.leases.entrySet()) {
            r.waiting.put(e.getKey(), e.getValue().seq());
            last = Math.max(last, e.getValue().expiresMs());
            ctx.counters.leaseRevocations++;
            channel.revoke(e.getKey(), c.name, e.getValue().seq());
        }
        r.then.add(then);
        c.revocation = r;
        r.expiry = ctx.env.schedule(last - now, () -> expired(c, r));
        return false;
    }

    /** {@code session} dropped its copy of {@code c} granted up to {@code seq}. */
    void released(Copy c, long session, long seq) {
        Lease l = c.leases.get(session);
        if (l != null && l.seq() <= seq) {
            c.leases.remove(session);
        }
        Revocation r = c.revocation;
        if (r == null) {
            return;
        }
        Long awaited = r.waiting.get(session);
        if (awaited != null && awaited <= seq) {
            r.waiting.remove(session);
            if (r.waiting.isEmpty()) {
                finish(c, r);
            }
        }
    }

    private void expired(Copy c, Revocation r) {
        if (c.revocation != r) {
            return;
        }
        long now = ctx.nowMs();
        prune(c, now);
        int before = r.waiting.size();
        r.waiting.keySet().retainAll(c.leases.keySet());
        ctx.counters.leasesExpired += before - r.waiting.size();
        if (r.waiting.isEmpty()) {
            finish(c, r);
            return;
        }
        long last = now + 1;
        for (Long s : r.waiting.keySet()) {
            last = Math.max(last, c.leases.get(s).expiresMs());
        }
        r.expiry = ctx.env.schedule(last - now, () -> expired(c, r));
    }

    private void finish(Copy c, Revocation r) {
        r.expiry.cancel();
        c.revocation = null;
        for (Runnable t : r.then) {
            t.run();
        }
    }

    /**
     * The copy is dropped, or its node no longer runs the application's components: every holder
     * is told, and nothing waits for it (no component of this epoch reads through this node any more).
     */
    void drop(Copy c) {
        for (Map.Entry<Long, Lease> e : c.leases.entrySet()) {
            ctx.counters.leaseRevocations++;
            channel.revoke(e.getKey(), c.name, e.getValue().seq());
        }
        c.leases.clear();
        if (c.revocation != null) {
            c.revocation.expiry.cancel();
            c.revocation = null;
        }
    }

    private static void prune(Copy c, long now) {
        for (Iterator<Lease> it = c.leases.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresMs() <= now) {
                it.remove();
            }
        }
    }
}
