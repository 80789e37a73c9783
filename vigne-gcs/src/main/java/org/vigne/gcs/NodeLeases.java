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
    /**
     * The same peers by the handle object first seen from them. Every message is looked up here, and
     * messages from a node usually carry that very object (always in the simulator): comparing
     * references reads no other memory, where hashing and comparing ids misses the cache.
     */
    private final Map<NodeHandle, Peer> byHandle = new IdentityHashMap<>();
    private final List<Peer> granted = new ArrayList<>();
    private final List<Peer> watched = new ArrayList<>();
    /** No watched node can lapse before this tick ({@link #lapsed} skips its scan until then). */
    private long nextLapseTick = Long.MIN_VALUE;

    private Peer find(NodeHandle n) {
        Peer p = byHandle.get(n);
        return p != null ? p : peers.get(n.id());
    }

    private Peer peer(NodeHandle n) {
        Peer p = find(n);
        if (p == null) {
            p = new Peer(n);
            peers.put(n.id(), p);
            byHandle.put(n, p);
        }
        return p;
    }

    /** {@code n} sent this node something at node tick {@code tick}: it is alive. */
    void heard(NodeHandle n, long tick) {
        Peer p = peer(n);
        p.heardTick = tick;
        if (p.silent) {
            p.silent = false;
            nextLapseTick = Long.MIN_VALUE;
        }
    }

    /** The node tick at which {@code node} was last heard from, or -1. */
    long lastHeard(NodeHandle node) {
        Peer p = find(node);
        return p == null ? -1 : p.heardTick;
    }

    void grant(NodeHandle n) {
        Peer p = peer(n);
        if (p.grants++ == 0) {
            granted.add(p);
        }
    }

    void revoke(NodeHandle n) {
        Peer p = find(n);
        if (p != null && p.grants > 0 && --p.grants == 0) {
            granted.remove(p);
        }
    }

    void watch(NodeHandle leaderNode, GroupReplica g) {
        Peer p = peer(leaderNode);
        if (p.watchers.isEmpty()) {
            watched.add(p);
            nextLapseTick = Long.MIN_VALUE;
        }
        p.watchers.add(g);
    }

    void unwatch(NodeHandle leaderNode, GroupReplica g) {
        Peer p = find(leaderNode);
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
    boolean isSilent(NodeHandle node) {
        Peer p = find(node);
        return p != null && p.silent;
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
            Peer p = watched.get(i);
            if (p.silent) {
                continue;
            }
            if (tick - p.heardTick >= silentTicks) {
                p.silent = true;
                out = out == null ? new ArrayList<>() : out;
                out.addAll(p.watchers);
            } else {
                next = Math.min(next, p.heardTick + silentTicks);
            }
        }
        // Hearing from a node only delays its lapse; a node newly watched or heard after a lapse resets the bound.
        nextLapseTick = next;
        return out == null ? List.of() : out;
    }
}
