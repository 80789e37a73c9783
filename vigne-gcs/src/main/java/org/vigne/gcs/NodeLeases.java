package org.vigne.gcs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Leader liveness per node pair, so that active groups cost per-group work only when something
 * happens. A node that leads active groups with followers on node B grants B a lease: one
 * message a heartbeat period ({@link BeatBatcher}), whatever the number of groups. Followers rely
 * on their leader's node's lease instead of each group's heartbeat; when a node watched by
 * followers falls silent for an election timeout, they are all woken at once and run their own
 * election clocks. Grants are counted per node, so a lease goes out while one group needs it.
 */
final class NodeLeases {
    private final Map<Id, LeasePeer> peers = new HashMap<>();
    /**
     * The same peers by the handle object first seen from them. Every message is looked up here, and
     * messages from a node usually carry that very object (always in the simulator): comparing
     * references reads no other memory, where hashing and comparing ids misses the cache.
     */
    private final Map<NodeHandle, LeasePeer> byHandle = new IdentityHashMap<>();
    private final List<LeasePeer> granted = new ArrayList<>();
    private final List<LeasePeer> watched = new ArrayList<>();
    /** Last heard tick of each watched node, by its slot; {@link Long#MAX_VALUE} once it lapsed (scanned every tick). */
    private long[] watchedHeard = new long[8];
    /** The peer of the last handle looked up: the handlers of one message ask for the same one again. */
    private NodeHandle lastHandle;
    private LeasePeer lastPeer;
    /** The sender of the message being handled and its incarnation (0: not from its replicas), for a peer created meanwhile. */
    private NodeHandle sender;
    private int senderIncarnation;
    /** No watched node can lapse before this tick ({@link #lapsed} skips its scan until then). */
    private long nextLapseTick = Long.MIN_VALUE;

    private LeasePeer find(NodeHandle n) {
        if (n == lastHandle) {
            return lastPeer;
        }
        LeasePeer p = byHandle.get(n);
        if (p == null) {
            p = peers.get(n.id());
        }
        if (p != null) {
            lastHandle = n;
            lastPeer = p;
        }
        return p;
    }

    /** This node's state about {@code n}, created on first use. */
    LeasePeer peer(NodeHandle n) {
        LeasePeer p = find(n);
        if (p == null) {
            p = new LeasePeer(n);
            p.incarnation = n.equals(sender) ? senderIncarnation : 0;
            peers.put(n.id(), p);
            byHandle.put(n, p);
            lastHandle = n;
            lastPeer = p;
        }
        return p;
    }

    /**
     * {@code n} sent this node something at node tick {@code tick}: it is alive. Only the nodes this
     * node leases to, watches or exchanges beats with are tracked: a submitter or an output's
     * receiver is heard once and never asked about, and keeping them all (a node leading five
     * groups commanded once a minute hears from some 300 submitters an hour) made the lookups here
     * miss the cache (they took 16% of a gnutella run's CPU).
     *
     * <p>Only a message from {@code n}'s replicas ({@code incarnation} not 0) renews its lease. One
     * from another incarnation than before means {@code n} restarted and lost its replicas: returns
     * true when followers here watch it, whose leader is gone although its node answers.
     */
    boolean heard(NodeHandle n, long tick, int incarnation) {
        sender = n;
        senderIncarnation = incarnation;
        LeasePeer p = find(n);
        if (p == null || incarnation == 0) {
            return false;
        }
        boolean restarted = false;
        if (p.incarnation != incarnation) {
            restarted = p.incarnation != 0 && !p.watchers.isEmpty();
            p.incarnation = incarnation;
        }
        p.heardTick = tick;
        if (p.watchSlot >= 0) {
            watchedHeard[p.watchSlot] = tick;
        }
        if (p.silent) {
            p.silent = false;
            nextLapseTick = Long.MIN_VALUE;
        }
        return restarted;
    }

    /** The followers here whose leader's node is {@code n}, as a copy. */
    List<GroupReplica> watchers(NodeHandle n) {
        LeasePeer p = find(n);
        return p == null ? List.of() : List.copyOf(p.watchers);
    }

    /** This node's state about {@code n} if it is tracked, else null; hearing from it is not recorded. */
    LeasePeer known(NodeHandle n) {
        return find(n);
    }

    /** The overlay declared {@code n} departed: the next message from it must be checked against the departed nodes. */
    void departed(NodeHandle n) {
        LeasePeer p = find(n);
        if (p != null) {
            p.mayHaveDeparted = true;
        }
    }

    /** The node tick at which {@code node} was last heard from, or -1. */
    long lastHeard(NodeHandle node) {
        LeasePeer p = find(node);
        return p == null ? -1 : p.heardTick;
    }

    void grant(NodeHandle n) {
        LeasePeer p = peer(n);
        if (p.grants++ == 0) {
            granted.add(p);
        }
    }

    void revoke(NodeHandle n) {
        LeasePeer p = find(n);
        if (p != null && p.grants > 0 && --p.grants == 0) {
            granted.remove(p);
        }
    }

    /**
     * Follower {@code g} takes its leader's liveness from {@code leaderNode}, which was heard from
     * at node tick {@code heardTick} (the leader's last message to {@code g}: a node first watched
     * is not known here yet); returns that node's state.
     */
    LeasePeer watch(NodeHandle leaderNode, GroupReplica g, long heardTick) {
        LeasePeer p = peer(leaderNode);
        if (heardTick > p.heardTick && !p.silent) {
            p.heardTick = heardTick;
            if (p.watchSlot >= 0) {
                watchedHeard[p.watchSlot] = heardTick;
            }
        }
        if (p.watchers.isEmpty()) {
            p.watchSlot = watched.size();
            watched.add(p);
            if (watchedHeard.length < watched.size()) {
                watchedHeard = java.util.Arrays.copyOf(watchedHeard, watched.size() * 2);
            }
            watchedHeard[p.watchSlot] = p.silent ? Long.MAX_VALUE : p.heardTick;
            nextLapseTick = Long.MIN_VALUE;
        }
        p.watchers.add(g);
        return p;
    }

    void unwatch(NodeHandle leaderNode, GroupReplica g) {
        LeasePeer p = find(leaderNode);
        if (p != null && p.watchers.remove(g) && p.watchers.isEmpty()) {
            int slot = p.watchSlot;
            watched.remove(slot);
            System.arraycopy(watchedHeard, slot + 1, watchedHeard, slot, watched.size() - slot);
            for (int i = slot; i < watched.size(); i++) {
                watched.get(i).watchSlot = i;
            }
            p.watchSlot = -1;
        }
    }

    /** True when this node leads active groups with followers somewhere (leases must go out). */
    boolean granting() {
        return !granted.isEmpty();
    }

    /** Leases for this heartbeat period. */
    void sendLeases(BeatBatcher beats) {
        for (LeasePeer p : granted) {
            beats.lease(p, p.handle);
        }
    }

    /** True when {@code node}'s lease lapsed (its followers here were woken). */
    boolean isSilent(NodeHandle node) {
        LeasePeer p = find(node);
        return p != null && p.silent;
    }

    /** The first tick at which a watched node can lapse ({@link #lapsed} has nothing before it), or {@link Long#MAX_VALUE}. */
    long nextLapse(long silentTicks) {
        if (nextLapseTick == Long.MIN_VALUE) {
            long next = Long.MAX_VALUE;
            for (int i = 0; i < watched.size(); i++) {
                if (watchedHeard[i] != Long.MAX_VALUE) {
                    next = Math.min(next, watchedHeard[i] + silentTicks);
                }
            }
            nextLapseTick = next;
        }
        return nextLapseTick;
    }

    /**
     * The followers whose leader's node has not been heard from for {@code silentTicks}, once per
     * lapse; a node heard from again counts as alive again.
     */
    List<GroupReplica> lapsed(long tick, long silentTicks) {
        if (tick < nextLapseTick) {
            return List.of();
        }
        List<GroupReplica> out = null;
        long next = Long.MAX_VALUE;
        for (int i = 0; i < watched.size(); i++) {
            long heard = watchedHeard[i];
            if (heard == Long.MAX_VALUE) {
                continue;
            }
            if (tick - heard >= silentTicks) {
                LeasePeer p = watched.get(i);
                p.silent = true;
                watchedHeard[i] = Long.MAX_VALUE;
                out = out == null ? new ArrayList<>() : out;
                out.addAll(p.watchers);
            } else {
                next = Math.min(next, heard + silentTicks);
            }
        }
        // Hearing from a node only delays its lapse; a node newly watched or heard after a lapse resets the bound.
        nextLapseTick = next;
        return out == null ? List.of() : out;
    }
}
