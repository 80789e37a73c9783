package org.vigne.dht;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.ConfirmDigest;
import org.vigne.dht.DhtMessage.Digest;
import org.vigne.dht.DhtMessage.DigestMatch;
import org.vigne.dht.DhtMessage.Fetch;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtMessage.Offer;
import org.vigne.dht.DhtMessage.Purpose;
import org.vigne.dht.DhtMessage.Summary;
import org.vigne.dht.DhtMessage.Transfer;
import org.vigne.dht.DhtMessage.TransferAck;

/**
 * Periodic reconciliation between a root and the other replicas of its keys, so a lost message only
 * delays repair. Each round, a node sends every node that may share keys it is root of (the r - 1
 * closest on each side, and the next one) a {@link Digest}: a hash of the (key, version) pairs
 * both should hold as the sender sees it (digests double as the heartbeats of {@link Liveness}).
 * The receiver hashes the same set as it sees it; in a converged view with converged replicas the
 * two agree and the round costs one small message per pair. Only when they differ does the receiver
 * send a {@link Summary} of its versions, and the root then pushes what the replica lacks and
 * fetches what it lacks itself: values travel only when something differs. The next one on each
 * side shares no key this node is root of (a key's r replicas lie within r - 1 positions of its
 * root), so its digest is only a heartbeat, and it goes every other round: that node only times
 * this one's silence (a suspicion needs {@link Liveness#SILENT_ROUNDS} rounds), it does not
 * suspect it.
 */
final class AntiEntropy {
    private final NamedDht d;
    private final DhtContext ctx;
    private long rounds;

    AntiEntropy(NamedDht d) {
        this.d = d;
        this.ctx = d.ctx;
    }

    /** Sends this round's digests: a few additions per range, whatever the number of keys. */
    void round() {
        if (d.managed) {
            return;
        }
        rounds++;
        List<NodeHandle> near = ctx.liveness.near(d.r);
        List<NodeHandle> sharing = ctx.liveness.near(d.r - 1);
        d.authority.startRound(sharing);
        for (NodeHandle peer : near) {
            long hash = 0;
            int count = 0;
            for (ReplicaRange g : d.store.ranges()) {
                if (g.selfRoot && g.includes(peer.id())) {
                    hash += g.hash();
                    count += g.size();
                }
            }
            boolean heartbeatOnly = count == 0 && !sharing.contains(peer);
            if (heartbeatOnly && rounds % 2 == 0) {
                continue;
            }
            if (!heartbeatOnly && d.authority.ask(peer, hash, count)) {
                ctx.send(peer, new ConfirmDigest(d.name, hash, count, d.authority.viewHash(ctx.selfId())));
            } else {
                ctx.send(peer, new Digest(d.name, hash, count));
            }
        }
    }

    /** Replica side: compare with our view of the keys {@code from} is root of; true when they match. */
    boolean onDigest(NodeHandle from, long rootHash, int rootCount) {
        if (d.managed) {
            return false;
        }
        d.observeAll();
        long hash = 0;
        int count = 0;
        for (ReplicaRange r : d.store.ranges()) {
            if (r.selfReplica && r.rootIs(from.id())) {
                hash += r.hash();
                count += r.size();
            }
        }
        if (hash == rootHash && count == rootCount) {
            return true;
        }
        List<Id> keys = new ArrayList<>(count);
        List<Long> versions = new ArrayList<>(count);
        for (ReplicaRange r : d.store.ranges()) {
            if (r.selfReplica && r.rootIs(from.id())) {
                for (StoredKey e : r.keys()) {
                    keys.add(e.key);
                    versions.add(e.version);
                }
            }
        }
        ctx.counters.backgroundKeyVisits += keys.size();
        ctx.send(from, new Summary(d.name, keys, versions));
        return false;
    }

    /**
     * As {@link #onDigest}, and a {@link DigestMatch} back when the digests match and this node sees
     * the same nodes around the root as the root does (so the same keys are the root's).
     */
    void onConfirmDigest(NodeHandle from, ConfirmDigest g) {
        long view = d.authority.viewHash(from.id());
        if (onDigest(from, g.hash(), g.count()) && view != 0 && view == g.viewHash()) {
            ctx.send(from, new DigestMatch(d.name, g.hash(), g.count()));
        }
    }

    /** Root side: push what the replica lacks, fetch what we lack. */
    void onSummary(NodeHandle from, Summary s) {
        if (d.managed || s.keys().size() != s.versions().size()) {
            return;
        }
        d.observeAll();
        Map<Id, Long> theirs = new HashMap<>();
        for (int i = 0; i < s.keys().size(); i++) {
            theirs.put(s.keys().get(i), s.versions().get(i));
        }
        for (ReplicaRange r : d.store.ranges()) {
            if (r.selfRoot && r.includes(from.id())) {
                ctx.counters.backgroundKeyVisits += r.size();
                for (StoredKey e : r.keys()) {
                    Long v = theirs.get(e.key);
                    if (v == null || v < e.version) {
                        d.outbox.add(from, Purpose.REPAIR, e.item());
                    }
                }
            }
        }
        ctx.counters.backgroundKeyVisits += s.keys().size();
        List<Id> fetch = new ArrayList<>();
        for (int i = 0; i < s.keys().size(); i++) {
            Id key = s.keys().get(i);
            StoredKey e = d.store.get(key);
            if ((e == null || e.version < s.versions().get(i))
                    && DhtContext.contains(ctx.replicaSet(key, d.r), ctx.selfId())) {
                fetch.add(key);
            }
        }
        if (!fetch.isEmpty()) {
            ctx.send(from, new Fetch(d.name, fetch));
        }
    }

    void onFetch(NodeHandle from, Fetch f) {
        for (Id key : f.keys()) {
            StoredKey e = d.store.get(key);
            if (e != null) {
                d.outbox.add(from, Purpose.REPAIR, e.item());
            }
        }
    }

    /** Stores what is newer and acknowledges the versions now held. */
    void onTransfer(NodeHandle from, Transfer t) {
        List<Id> keys = new ArrayList<>(t.items().size());
        List<Long> versions = new ArrayList<>(t.items().size());
        for (Item it : t.items()) {
            StoredKey e = d.view.apply(it);
            keys.add(it.key());
            versions.add(e.version);
        }
        ctx.send(from, new TransferAck(d.name, t.transferId(), t.purpose(), keys, versions));
    }

    /** Answers a hand-off offer with the versions held, so the sender sends values only where needed. */
    void onOffer(NodeHandle from, Offer o) {
        if (o.keys().size() != o.versions().size()) {
            return;
        }
        List<Long> held = new ArrayList<>(o.keys().size());
        for (Id key : o.keys()) {
            StoredKey e = d.store.get(key);
            held.add(e == null ? 0L : e.version);
        }
        ctx.send(from, new TransferAck(d.name, 0, Purpose.HANDOFF, o.keys(), held));
    }

    void onTransferAck(NodeHandle from, TransferAck a) {
        if (a.purpose() != Purpose.HANDOFF || a.keys().size() != a.versions().size()) {
            return;
        }
        for (int i = 0; i < a.keys().size(); i++) {
            d.view.onHandoffAck(from, a.keys().get(i), a.versions().get(i));
            d.leave.onAck(from, a.keys().get(i), a.versions().get(i));
        }
    }
}
