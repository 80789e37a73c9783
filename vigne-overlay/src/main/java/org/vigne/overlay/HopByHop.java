package org.vigne.overlay;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.overlay.OverlayMessage.JoinLookup;
import org.vigne.overlay.OverlayMessage.Route;
import org.vigne.overlay.OverlayMessage.RouteAck;

/**
 * Recursive routing with a per-hop acknowledgement: each hop is kept until the next node
 * acknowledges it; on a timeout (the neighbour's SRTT + 4 x RTTVAR) the neighbour is suspected and
 * probed, and the message goes to the next best hop, excluding the nodes already tried. Routing
 * never blocks and never retries end to end: that is left to the services above.
 */
final class HopByHop {
    private final Env env;
    private final OverlayConfig config;
    private final Neighbourhood hood;
    private final Router router;
    private final List<OverlayApplication> apps;
    private final Consumer<Route> deliverHere;
    private final Overlay overlay;
    private final Map<Long, PendingHop> pending = new HashMap<>();
    private long nextSeq = 1;

    /** A hop sent and not yet acknowledged. */
    private static final class PendingHop {
        final Route route;
        final NodeHandle next;
        final long sentMicros;
        final Set<Id> tried;
        final int retries;
        Timer timer;

        PendingHop(Route route, NodeHandle next, long sentMicros, Set<Id> tried, int retries) {
            this.route = route;
            this.next = next;
            this.sentMicros = sentMicros;
            this.tried = tried;
            this.retries = retries;
        }
    }

    HopByHop(Env env, OverlayConfig config, Overlay overlay, Router router, List<OverlayApplication> apps,
             Consumer<Route> deliverHere) {
        this.env = env;
        this.config = config;
        this.overlay = overlay;
        this.hood = overlay.hood;
        this.router = router;
        this.apps = apps;
        this.deliverHere = deliverHere;
    }

    /**
     * The node a route must not reach, or null: a joiner's lookup (and a node's check of its own
     * place, {@link OverlayMessage.FindNode#selfCheck}) asks where the node would be without itself.
     */
    private static Id excluded(Route r) {
        if (r.payload() instanceof JoinLookup j) {
            return j.joiner().id();
        }
        if (r.payload() instanceof OverlayMessage.FindNode f && f.selfCheck()) {
            return r.origin().id();
        }
        return null;
    }

    /** Sends {@code r} one hop closer to its key, or delivers it here. */
    void forward(Route r, Set<Id> tried, int retries) {
        Id joiner = excluded(r);
        NodeHandle next = router.nextHop(r.key(), n -> (tried != null && tried.contains(n.id()))
                || n.id().equals(joiner) || hood.isSuspected(n.id()));
        if (next.equals(env.self())) {
            // Delivering here because a closer node is only suspected would break consistency
            // under loss: retransmit to it while retries remain, unless it also missed a probe.
            NodeHandle closer = router.nextHop(r.key(), n -> n.id().equals(joiner) || hood.missedProbes(n.id()) > 0);
            if (closer.equals(env.self()) || retries >= config.maxHopRetries()) {
                deliverHere.accept(r);
                return;
            }
            next = closer;
        }
        if (r.hops() >= config.maxHops()) {
            return;
        }
        for (OverlayApplication a : apps) {
            if (!a.forward(r.key(), r.payload(), next)) {
                return;
            }
        }
        long seq = nextSeq++;
        Route hop = new Route(r.key(), r.payload(), r.origin(), seq, r.hops() + 1);
        PendingHop h = new PendingHop(hop, next, env.nowMicros(), tried, retries);
        pending.put(seq, h);
        long timeout = hood.timeoutMs(hood.peer(next.id()), config.hopTimeoutMinMs(), config.hopTimeoutMaxMs());
        h.timer = env.schedule(timeout, () -> timedOut(seq));
        env.send(next, hop);
    }

    /** The next node acknowledged a hop: forget it, and take the round trip as an RTT sample. */
    void acknowledged(NodeHandle from, Peer p, RouteAck a) {
        PendingHop h = pending.remove(a.hopSeq());
        if (h == null) {
            return;
        }
        h.timer.cancel();
        if (p != null && h.next.equals(from)) {
            long rttMicros = env.nowMicros() - h.sentMicros;
            p.sampleMicros(rttMicros);
            hood.anyRtt.sampleMicros(rttMicros);
        }
    }

    private void timedOut(long seq) {
        PendingHop h = pending.remove(seq);
        if (h == null || !overlay.isJoined()) {
            return;
        }
        Peer p = hood.peer(h.next.id());
        if (p != null) {
            overlay.detector().suspect(p);
        }
        if (h.retries >= config.maxHopRetries()) {
            return;
        }
        Set<Id> tried = h.tried == null ? new HashSet<>() : h.tried;
        tried.add(h.next.id());
        Route r = h.route;
        forward(new Route(r.key(), r.payload(), r.origin(), 0, r.hops() - 1), tried, h.retries + 1);
        overlay.flushUpdates();
    }

    /** Drops every pending hop (the node stops). */
    void stop() {
        for (PendingHop h : pending.values()) {
            h.timer.cancel();
        }
        pending.clear();
    }
}
