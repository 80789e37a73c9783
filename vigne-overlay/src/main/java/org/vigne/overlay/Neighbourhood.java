package org.vigne.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Everything this node knows of other nodes: leaf set, routing table, and per-neighbour liveness
 * and RTT. It decides what to keep when a node is heard of (first-hand: it sent us a message;
 * second-hand: another node named it), applying proximity neighbour selection to routing-table
 * slots, and forgets nodes declared dead or departed.
 *
 * <p>Second-hand nodes never enter the leaf set directly: they are probed first, so a dead node
 * gossiped around cannot come back as a zombie (Bamboo).
 */
final class Neighbourhood {
    private final Env env;
    private final OverlayConfig config;
    final NodeHandle self;
    final LeafSet leafSet;
    final RoutingTable table;
    private final Map<Id, Peer> peers = new HashMap<>();
    private final Map<Id, Long> deadUntilMs = new HashMap<>();
    private final Prober prober;

    /** Sends probes on behalf of the neighbourhood. */
    interface Prober {
        void probe(Peer p);
    }

    Neighbourhood(Env env, OverlayConfig config, Prober prober) {
        this.env = env;
        this.config = config;
        this.self = env.self();
        this.leafSet = new LeafSet(self, config.leafSetSize());
        this.table = new RoutingTable(self.id());
        this.prober = prober;
    }

    Peer peer(Id id) {
        return peers.get(id);
    }

    Iterable<Peer> peers() {
        return peers.values();
    }

    int peerCount() {
        return peers.size();
    }

    /** {@code n} sent us a message: it is alive. Returns its peer record if we keep it. */
    Peer heardFrom(NodeHandle n) {
        if (n.id().equals(self.id())) {
            return null;
        }
        Peer p = peers.get(n.id());
        if (p != null && !p.handle.equals(n)) {
            // Same id at a new address: the node restarted elsewhere; take the new handle.
            forget(n.id());
            p = null;
        }
        if (p == null) {
            deadUntilMs.remove(n.id());
            p = new Peer(n);
            p.lastHeardMs = env.nowMs();
            peers.put(n.id(), p);
            if (!consider(p, true)) {
                peers.remove(n.id());
                return null;
            }
            return p;
        }
        p.lastHeardMs = env.nowMs();
        p.missedPings = 0;
        if (!isUsed(n.id()) || leafSet.wouldAccept(n.id())) {
            consider(p, true);
        }
        return p;
    }

    /** Another node named {@code n}: keep it in an empty routing slot, probe it for the leaf set. */
    void heardOf(NodeHandle n) {
        if (n.id().equals(self.id())) {
            return;
        }
        Peer known = peers.get(n.id());
        if (known != null) {
            if (known.handle.equals(n) && leafSet.wouldAccept(n.id())) {
                if (known.lastHeardMs > 0 && env.nowMs() - known.lastHeardMs < config.leafProbeMs()) {
                    leafSet.add(known.handle);
                } else {
                    prober.probe(known);
                }
            }
            return;
        }
        Long until = deadUntilMs.get(n.id());
        if (until != null) {
            if (until > env.nowMs()) {
                return;
            }
            deadUntilMs.remove(n.id());
        }
        Peer p = new Peer(n);
        peers.put(n.id(), p);
        if (!consider(p, false)) {
            peers.remove(n.id());
        }
    }

    /**
     * Decides whether to keep {@code p}: leaf set (first-hand only), empty routing slot, or a
     * slot whose occupant is farther in RTT. Returns false when the peer is not worth a record.
     */
    private boolean consider(Peer p, boolean firstHand) {
        boolean keep = false;
        Id id = p.handle.id();
        if (leafSet.wouldAccept(id)) {
            if (firstHand) {
                leafSet.add(p.handle);
                keep = true;
            } else {
                prober.probe(p);
                keep = true;
            }
        }
        NodeHandle occupant = table.occupant(id);
        if (occupant == null) {
            table.put(p.handle);
            keep = true;
        } else if (!occupant.id().equals(id)) {
            Peer o = peers.get(occupant.id());
            if (p.rtt.hasSample() && (o == null || !o.rtt.hasSample() || p.rtt.srttMs(0) < o.rtt.srttMs(0))) {
                table.put(p.handle);
                keep = true;
                dropIfUnused(occupant.id());
            } else if (!p.rtt.hasSample() && firstHand && !p.probing()) {
                prober.probe(p);
                keep = true;
            }
        } else {
            keep = true;
        }
        return keep || leafSet.contains(id);
    }

    /** A probe answered: the peer is alive and now has an RTT sample; reconsider its place. */
    void probeAnswered(Peer p, long rttMs) {
        p.rtt.sample(rttMs);
        p.pingNonce = 0;
        p.missedPings = 0;
        p.lastHeardMs = env.nowMs();
        consider(p, true);
        dropIfUnused(p.handle.id());
    }

    /** A probe went unanswered; after enough of them the peer is declared dead. Returns true when dead. */
    boolean probeMissed(Peer p) {
        p.pingNonce = 0;
        p.missedPings++;
        if (!isUsed(p.handle.id())) {
            peers.remove(p.handle.id());
            return false;
        }
        if (p.missedPings >= config.missedPingsToDeclareDead()) {
            declareDead(p.handle.id());
            return true;
        }
        return false;
    }

    /** Forgets a node known to be gone, and refuses second-hand news of it for a while. */
    void declareDead(Id id) {
        forget(id);
        deadUntilMs.put(id, env.nowMs() + config.deadMemoryMs());
    }

    private void forget(Id id) {
        peers.remove(id);
        leafSet.remove(id);
        table.remove(id);
    }

    boolean isUsed(Id id) {
        return leafSet.contains(id) || table.contains(id);
    }

    private void dropIfUnused(Id id) {
        Peer p = peers.get(id);
        if (p != null && !p.probing() && !isUsed(id)) {
            peers.remove(id);
        }
    }

    /** Drops expired entries of the dead list and records of peers no longer used. */
    void expire() {
        long now = env.nowMs();
        deadUntilMs.values().removeIf(t -> t <= now);
        Iterator<Peer> it = peers.values().iterator();
        while (it.hasNext()) {
            Peer p = it.next();
            if (!p.probing() && !isUsed(p.handle.id())) {
                it.remove();
            }
        }
    }

    /** All nodes in the leaf set and routing table. */
    List<NodeHandle> known() {
        List<NodeHandle> out = new ArrayList<>(leafSet.members());
        for (NodeHandle n : table.all()) {
            if (!leafSet.contains(n.id())) {
                out.add(n);
            }
        }
        return out;
    }

    boolean isRecentlyDead(Id id) {
        Long until = deadUntilMs.get(id);
        return until != null && until > env.nowMs();
    }
}
