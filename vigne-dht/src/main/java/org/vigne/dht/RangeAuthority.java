package org.vigne.dht;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Authority of a root over its key ranges as a whole, so it can answer a get or order a write of a
 * key it does not hold (or whose view changed) without first asking the other replicas
 * ({@link RootSync}): one round trip less on a fresh key's first put.
 *
 * <p>A root asks a replica to confirm its digest ({@link DhtMessage.ConfirmDigest}) until it has
 * done so in the current view epoch, in rounds that follow a round without a view change. A confirmation says the replica holds, of the keys it sees as
 * this root's and its own, exactly the (key, version) pairs the digest summed, and that it sees the
 * same nodes around the root ({@link #viewHash}), so the keys it sees as this root's are the keys
 * this root sees as its own: a replica that still takes a dead node for the root of some of them
 * (and holds a version this root lacks) does not confirm. Once every other
 * replica of a key's replica set has confirmed in the current epoch, the root holds the latest
 * version of every key of that set any of them holds, the keys it does not hold included: the
 * range is confirmed. Any change of view (a leaf-set change, a suspicion) starts a new epoch and
 * withdraws every confirmation; versions written later are ordered by this root, which knows them.
 * A replica that receives a newer version from elsewhere while views disagree is caught as
 * before: its store acknowledgement carries the newer version and the write is ordered after it.
 */
final class RangeAuthority {
    private record Asked(long hash, int count, int epoch) {
    }

    private final DhtContext ctx;
    private final int r;
    /** Peer to the epoch in which it last confirmed. */
    private final Map<Id, Integer> confirmed = new HashMap<>();
    /** Peer to the digest last sent to it with a request for confirmation. */
    private final Map<Id, Asked> asked = new HashMap<>();
    /** The view epoch at the start of the last digest round. */
    private int roundEpoch = Integer.MIN_VALUE;
    /** The view did not change between the last two digest rounds. */
    private boolean steady;

    RangeAuthority(DhtContext ctx, int r) {
        this.ctx = ctx;
        this.r = r;
    }

    /**
     * True when the digest about to go to {@code peer} should ask for a confirmation; remembers what
     * it carries. Only in a round that follows a whole round without a view change: a confirmation
     * lasts until the next change, so under churn, where the view changes every few seconds, a
     * request would mostly cost a larger digest and a {@link DhtMessage.DigestMatch} for an
     * authority withdrawn before it is used (at exp:1.4m on 1,000 nodes about one in five hundred
     * confirmations served a request), while a ring that holds still confirms one round later.
     */
    boolean ask(NodeHandle peer, long hash, int count) {
        if (!steady) {
            return false;
        }
        Integer c = confirmed.get(peer.id());
        if (c != null && c == ctx.epoch) {
            return false;
        }
        asked.put(peer.id(), new Asked(hash, count, ctx.epoch));
        return true;
    }

    /** {@code from} found equal the digest with this hash and count. */
    void onMatch(NodeHandle from, long hash, int count) {
        Asked a = asked.get(from.id());
        if (a != null && a.hash() == hash && a.count() == count && a.epoch() == ctx.epoch) {
            asked.remove(from.id());
            confirmed.put(from.id(), ctx.epoch);
        }
    }

    /** True when this node is the root of {@code key} and every other replica has confirmed in the current epoch. */
    boolean covers(Id key) {
        List<NodeHandle> set = ctx.replicaSet(key, r);
        if (set.isEmpty() || !set.get(0).id().equals(ctx.selfId())) {
            return false;
        }
        for (int i = 1; i < set.size(); i++) {
            Integer c = confirmed.get(set.get(i).id());
            if (c == null || c != ctx.epoch) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every unsuspected node sharing this root's keys (r - 1 on each side) has confirmed
     * in the current epoch, so that {@link #covers} holds for any key this node is root of.
     */
    boolean coversAll() {
        for (NodeHandle n : ctx.liveness.near(r - 1)) {
            Integer c = confirmed.get(n.id());
            if (!ctx.liveness.suspected(n.id()) && (c == null || c != ctx.epoch)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sum of the pair hashes of {@code center} and its r - 1 closest unsuspected nodes on each side
     * (all of them in a smaller ring), as this node sees them: the nodes that decide the replica sets
     * of the keys {@code center} is root of. 0 when this node does not see {@code center} (not in
     * its leaf set, or suspected).
     */
    long viewHash(Id center) {
        List<Id> nodes = new ArrayList<>();
        nodes.add(ctx.selfId());
        for (NodeHandle n : ctx.overlay.leafSetMembers()) {
            if (!ctx.liveness.suspected(n.id()) && !nodes.contains(n.id())) {
                nodes.add(n.id());
            }
        }
        if (!nodes.remove(center)) {
            return 0;
        }
        long hash = KeyStore.pairHash(center, 0);
        nodes.sort(Comparator.comparing(center::clockwiseTo));
        List<Id> chosen = new ArrayList<>(nodes.subList(0, Math.min(r - 1, nodes.size())));
        nodes.sort(Comparator.comparing((Id n) -> n.clockwiseTo(center)));
        for (Id n : nodes.subList(0, Math.min(r - 1, nodes.size()))) {
            if (!chosen.contains(n)) {
                chosen.add(n);
            }
        }
        for (Id n : chosen) {
            hash += KeyStore.pairHash(n, 0);
        }
        return hash;
    }

    /**
     * A digest round starts: notes whether the view held still since the last one, and forgets the
     * peers not in {@code near} (the peers this round's digests may ask).
     */
    void startRound(List<NodeHandle> near) {
        steady = roundEpoch == ctx.epoch;
        roundEpoch = ctx.epoch;
        Set<Id> keep = new HashSet<>();
        for (NodeHandle n : near) {
            keep.add(n.id());
        }
        confirmed.keySet().retainAll(keep);
        asked.keySet().retainAll(keep);
    }
}
