package org.vigne.gcs;

import java.util.ArrayList;
import java.util.HashMap;
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
    /** What this node knows of another: when it was last heard from, who relies on it, what it is granted. */
    private static final class Peer {
        final NodeHandle handle;
        long heardTick = -1;
        int grants;
        final List<GroupReplica> watchers = new ArrayList<>(2);
        boolean silent;

        Peer(NodeHandle handle) {
            this.handle = handle;
        }
    }

    private final Map<Id, Peer> peers = new HashMap<>();
    private final List<Peer> granted = new ArrayList<>();
    private final List<Peer> watched = new ArrayList<>();

    private Peer peer(NodeHandle n) {
        return peers.computeIfAbsent(n.id(), k -> new Peer(n));
    }

    /** {@code n} sent this node something at node tick {@code tick}: it is alive. */
    void heard(NodeHandle n, long tick) {
        Peer p = peers.get(n.id());
        if (p == null) {
            p = peer(n);
        }
        p.heardTick = tick;
        p.silent = false;
    }

    /** The node tick at which {@code node} was last heard from, or -1. */
    long lastHeard(Id node) {
        Peer p = peers.get(node);
        return p == null ? -1 : p.heardTick;
    }

    void grant(NodeHandle n) {
        Peer p = peer(n);
        if (p.grants++ == 0) {
            granted.add(p);
        }
    }

    void revoke(NodeHandle n) {
        Peer p = peers.get(n.id());
        if (p != null && p.grants > 0 && --p.grants == 0) {
            granted.remove(p);
        }
    }

    void watch(NodeHandle leaderNode, GroupReplica g) {
        Peer p = peer(leaderNode);
        if (p.watchers.isEmpty()) {
            watched.add(p);
        }
        p.watchers.add(g);
    }

    void unwatch(NodeHandle leaderNode, GroupReplica g) {
        Peer p = peers.get(leaderNode.id());
        if (p != null && p.watchers.remove(g) && p.watchers.isEmpty()) {
            watched.remove(p);
        }
    }

    /** True when this node leads active groups with followers somewhere (leases must go out). */
    boolean granting() {
        return !granted.isEmpty();
    }

    /** Leases for this heartbeat period. */
    void sendLeases(BeatBatcher beats) {
        for (Peer p : granted) {
            beats.lease(p.handle);
        }
    }

    /** True when {@code node}'s lease lapsed (its followers here were woken). */
    boolean isSilent(Id node) {
        Peer p = peers.get(node);
        return p != null && p.silent;
    }

    /**
     * The followers whose leader's node has not been heard from for {@code silentTicks}, once per
     * lapse; a node heard from again counts as alive again.
     */
    List<GroupReplica> lapsed(long tick, long silentTicks) {
        List<GroupReplica> out = null;
        for (int i = 0; i < watched.size(); i++) {
            Peer p = watched.get(i);
            if (!p.silent && tick - p.heardTick >= silentTicks) {
                p.silent = true;
                out = out == null ? new ArrayList<>() : out;
                out.addAll(p.watchers);
            }
        }
        return out == null ? List.of() : out;
    }
}
