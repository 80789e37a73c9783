package org.vigne.overlay;

import java.util.ArrayList;
import java.util.HashMap;
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
    private final PeerMap peers = new PeerMap();
    /** Digest and forget epoch of the last leaf set each peer sent, for those that sent one, packed in the long. */
    private final PeerNotes digests = new PeerNotes();
    private final Map<Id, Long> deadUntilMs = new HashMap<>();
    /**
     * Immediate neighbours the failure detector declared dead, still within their dead memory: one
     * is checked now and then, so that after a partition heals the two sides find each other again
     * (neither side mentions the other any more, and second-hand news of the dead is refused).
     */
    private final List<NodeHandle> graves = new ArrayList<>();
    /** Peers with their {@code suspected} flag set, so routing skips the lookups when there are none. */
    private int suspectedCount;
    private final Prober prober;
    /** RTT over all neighbours: the timeout for a neighbour not measured yet. */
    final org.vigne.core.RttEstimator anyRtt = org.vigne.core.RttEstimator.pooled();
    /** RTTs of candidates measured but not kept, so a node that keeps contacting us is not probed again. */
    private final MeasuredRtts measuredRtt = new MeasuredRtts();
    private int candidateProbes;
    /** Counts changes that can make a leaf set heard before worth hearing again (nodes forgotten). */
    private int forgetEpoch;
    private final java.util.function.ToLongFunction<Id> rttFn = this::rttOf;
    private static final int MAX_CANDIDATE_PROBES = 2;

    /** Sends probes on behalf of the neighbourhood. */
    interface Prober {
        void probe(Peer p);
    }

    Neighbourhood(Env env, OverlayConfig config, Prober prober) {
        this.env = env;
        this.config = config;
        this.self = env.self();
        this.leafSet = new LeafSet(self, config.leafSetSize());
        this.table = new RoutingTable(self.id(), config.tableSlotSize());
        this.prober = prober;
        Membership flags = (n, leaf, in) -> {
            Peer p = peers.get(n.id());
            if (p != null) {
                if (leaf) {
                    p.setInLeafSet(in);
                } else {
                    p.setInTable(in);
                }
            }
        };
        leafSet.setMembership(flags);
        table.setMembership(flags);
    }

    Peer peer(Id id) {
        return peers.get(id);
    }

    /** Number of peer records. */
    int peerCount() {
        return peers.size();
    }

    /** Peer {@code i} of the records, in the order they were added; a removal moves the last into its place. */
    Peer peerAt(int i) {
        return peers.at(i);
    }

    private void addPeer(Peer p) {
        peers.put(p);
    }

    private void removePeer(Id id) {
        Peer p = peers.remove(id);
        if (p == null) {
            return;
        }
        p.setForgotten(true);
        digests.remove(p);
        if (p.suspected()) {
            p.setSuspected(false);
            suspectedCount--;
        }
    }

    /**
     * The predecessor's record as last looked up ({@link #predecessorRecord}), or a record since
     * forgotten. Its heartbeats are a third of a stable ring's messages: checked first, the record
     * spares them the peer-map lookup and the read of the sender's id, both out of the cache in a
     * large ring (measured: the lookups of a 30,000-node static ring took 23% less time).
     */
    private Peer predecessor;

    /** The record of {@code n}, the predecessor the leaf set names now, or null when there is none. */
    Peer predecessorRecord(NodeHandle n) {
        Peer p = rememberedPredecessor(n);
        if (p == null) {
            p = peers.get(n.id());
            predecessor = p;
        }
        return p;
    }

    /** The remembered predecessor's record when {@code n} is its very handle and it is still kept, else null. */
    private Peer rememberedPredecessor(NodeHandle n) {
        Peer p = predecessor;
        return p != null && p.handle == n && !p.forgotten() ? p : null;
    }

    /** {@code n} sent us a message: it is alive. Returns its peer record if we keep it. */
    Peer heardFrom(NodeHandle n) {
        Peer p = rememberedPredecessor(n);
        if (p != null) {
            return heardFromKnown(p);
        }
        if (n.id().equals(self.id())) {
            return null;
        }
        p = peers.get(n.id());
        if (p != null && p.handle != n && !p.handle.equals(n)) {
            // Same id at a new address: the node restarted elsewhere; take the new handle.
            forget(n.id());
            p = null;
        }
        if (p == null) {
            if (!worthKnowing(n.id(), true)) {
                return null;
            }
            if (!deadUntilMs.isEmpty()) {
                deadUntilMs.remove(n.id());
            }
            if (wouldRefuse(n)) {
                return null;
            }
            p = new Peer(n);
            p.lastHeardMs = env.nowMs();
            addPeer(p);
            if (!consider(p, true)) {
                removePeer(n.id());
                return null;
            }
            return p;
        }
        return heardFromKnown(p);
    }

    private Peer heardFromKnown(Peer p) {
        p.lastHeardMs = env.nowMs();
        p.missedPings = 0;
        if (!p.inLeafSet() && (!p.inTable() || leafSet.wouldAccept(p.handle.id()))) {
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
            if (!known.inLeafSet() && known.handle.equals(n) && leafSet.wouldAccept(n.id())) {
                if (known.lastHeardMs > 0 && env.nowMs() - known.lastHeardMs < config.detector().leafProbeMs()) {
                    leafSet.add(known.handle);
                } else {
                    prober.probe(known);
                }
            }
            return;
        }
        if (!worthKnowing(n.id(), false)) {
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
        addPeer(p);
        if (!consider(p, false)) {
            removePeer(n.id());
        }
    }

    /**
     * Decides whether to keep {@code p}: leaf set (first-hand only), empty routing slot, or a
     * slot whose occupant is farther in RTT. Returns false when the peer is not worth a record.
     */
    private boolean consider(Peer p, boolean firstHand) {
        boolean keep = false;
        Id id = p.handle.id();
        if (!p.inLeafSet() && leafSet.wouldAccept(id)) {
            if (firstHand) {
                leafSet.add(p.handle);
                keep = true;
            } else {
                prober.probe(p);
                keep = true;
            }
        }
        if (p.inTable()) {
            keep = true;
        } else {
            NodeHandle out = table.offer(p.handle, rttFn);
            if (out != p.handle) {
                keep = true;
                if (out != null) {
                    dropIfUnused(out.id());
                }
            } else if (firstHand && rttOf(id) < 0 && !p.probing() && candidateProbes < MAX_CANDIDATE_PROBES) {
                // Proximity neighbour selection needs the candidate's RTT: measure it once.
                candidateProbes++;
                prober.probe(p);
                keep = true;
            }
        }
        return keep || p.inLeafSet();
    }

    /**
     * Whether {@link #consider} would refuse {@code n}, unknown and heard from first-hand, so that
     * its record would be added and removed at once: outside the leaf set's range, its routing
     * slot full of nodes no farther in RTT, and no candidate probe to spend on it. Decided
     * without a record (a fresh one has no RTT sample and no flag, so it changes none of these
     * answers): in a large ring most messages come from such nodes, and the record's insertion
     * into a cold peer map cost a third of a run's time.
     */
    private boolean wouldRefuse(NodeHandle n) {
        Id id = n.id();
        if (leafSet.wouldAccept(id) || table.wouldTake(n, rttFn)) {
            return false;
        }
        return rttOf(id) >= 0 || candidateProbes >= MAX_CANDIDATE_PROBES;
    }

    /** Retransmission timeout for {@code p} (null: unknown node), from its RTT or, before its first sample, everyone's. */
    long timeoutMs(Peer p, long minMs, long maxMs) {
        if (p != null && p.hasSample()) {
            return p.timeoutMs(minMs, maxMs);
        }
        return anyRtt.timeoutMs(minMs, maxMs);
    }

    /** Cheap test before allocating a record: could this unknown node enter the leaf set or the table? */
    private boolean worthKnowing(Id id, boolean firstHand) {
        return leafSet.wouldAccept(id) || table.hasRoom(id) || measuredRtt.contains(id)
                || (firstHand && candidateProbes < MAX_CANDIDATE_PROBES);
    }

    /** Smoothed RTT to {@code id} if ever measured, else -1. */
    long rttOf(Id id) {
        Peer p = peers.get(id);
        if (p != null && p.hasSample()) {
            return p.srttMs(0);
        }
        return measuredRtt.rttMs(id);
    }

    /** Starts a new maintenance period: candidate probes are rationed per period. */
    void newPeriod() {
        candidateProbes = 0;
    }

    /**
     * A probe answered after {@code rttMicros}: the peer is alive and now has an RTT sample;
     * reconsider its place. Returns true when that admits it into the leaf set, which was missing
     * a live node (one heard of second-hand, or that answered again).
     */
    boolean probeAnswered(Peer p, long rttMicros) {
        boolean wasLeaf = p.inLeafSet();
        p.sampleMicros(rttMicros);
        anyRtt.sampleMicros(rttMicros);
        measuredRtt.put(p.handle.id(), p.srttMs(0));
        if (p.inTable()) {
            table.resort(p.handle.id(), rttFn);
        }
        p.missedPings = 0;
        p.lastHeardMs = env.nowMs();
        consider(p, true);
        dropIfUnused(p.handle.id());
        return !wasLeaf && p.inLeafSet();
    }

    /** Forgets a node known to be gone, and refuses second-hand news of it for a while. */
    void declareDead(Id id) {
        forget(id);
        deadUntilMs.put(id, env.nowMs() + config.deadMemoryMs());
    }

    /** True while {@code id} is remembered as declared dead (until heard from again or forgotten). */
    boolean declaredDead(Id id) {
        Long until = deadUntilMs.get(id);
        return until != null && until > env.nowMs();
    }

    /** {@code n}, an immediate neighbour, was declared dead (not a graceful leave): check it now and then. */
    void bury(NodeHandle n) {
        graves.add(n);
    }

    /**
     * A node declared dead lately that would belong in the leaf set if alive, chosen at random, or
     * null; forgets the graves whose dead memory ran out and the nodes heard from since.
     */
    NodeHandle graveToCheck(java.util.random.RandomGenerator rnd) {
        graves.removeIf(g -> !declaredDead(g.id()) || peers.get(g.id()) != null);
        if (graves.isEmpty()) {
            return null;
        }
        NodeHandle g = graves.get(rnd.nextInt(graves.size()));
        return leafSet.wouldAccept(g.id()) ? g : null;
    }

    /** Counts peers entering ({@code +1}) or leaving ({@code -1}) suspicion. */
    void suspectedChanged(int delta) {
        suspectedCount += delta;
    }

    /**
     * A record for {@code n}, which a service asked about although this node does not keep it, or
     * null when it was declared dead lately (its services heard so then).
     */
    Peer watch(NodeHandle n) {
        if (n.id().equals(self.id())) {
            return null;
        }
        if (declaredDead(n.id())) {
            return null;
        }
        Peer p = new Peer(n);
        addPeer(p);
        return p;
    }

    /** Probes in a row that {@code id} left unanswered (0 for unknown nodes). */
    int missedProbes(Id id) {
        Peer p = peers.get(id);
        return p == null ? 0 : p.missedPings;
    }

    boolean isSuspected(Id id) {
        if (suspectedCount == 0) {
            return false;
        }
        Peer p = peers.get(id);
        return p != null && p.suspected();
    }

    /** Digest of the last leaf set {@code p} sent, or 0 when it sent none. */
    int leafSetDigestOf(Peer p) {
        return (int) (digests.longOf(p, 0) >>> 32);
    }

    /**
     * Records the digest of the leaf set {@code p} just sent, with the forget epoch; returns false
     * when it is the same as the last one it sent and nothing was forgotten since (nothing new).
     */
    boolean noteLeafSet(Peer p, int digest) {
        long note = ((long) digest << 32) | (forgetEpoch & 0xFFFF_FFFFL);
        if (digests.longOf(p, ~note) == note) {
            return false;
        }
        digests.put(p, 0, note);
        return true;
    }

    private void forget(Id id) {
        forgetEpoch++;
        leafSet.remove(id);
        table.remove(id);
        removePeer(id);
    }

    boolean isUsed(Id id) {
        Peer p = peers.get(id);
        return p != null && p.used();
    }

    private void dropIfUnused(Id id) {
        Peer p = peers.get(id);
        if (p != null) {
            dropIfUnused(p);
        }
    }

    /** Drops the record of {@code p} unless it is in the tables, probed or watched. */
    void dropIfUnused(Peer p) {
        if (!p.forgotten() && !p.probing() && !p.followed()) {
            removePeer(p.handle.id());
        }
    }

    /** Drops the record of a peer nobody needs any more (a candidate that did not answer), without holding it dead. */
    void forgetQuietly(Peer p) {
        if (!p.forgotten()) {
            removePeer(p.handle.id());
        }
    }

    /** Drops expired entries of the dead list and records of peers no longer used. */
    void expire() {
        long now = env.nowMs();
        deadUntilMs.values().removeIf(t -> t <= now);
        for (int i = peers.size() - 1; i >= 0; i--) {
            Peer p = peers.at(i);
            if (!p.probing() && !p.followed()) {
                removePeer(p.handle.id());
            }
        }
        peers.compact();
        if (measuredRtt.size() > MeasuredRtts.CAPACITY / 2) {
            measuredRtt.clear();
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
}
