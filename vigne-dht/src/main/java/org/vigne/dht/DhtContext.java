package org.vigne.dht;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.KeyBasedRouting;

/**
 * What the parts of one node's DHT service share: the environment, the overlay, the configuration,
 * the view epoch (bumped on every leaf-set change, so cached replica sets know they are stale),
 * the generator of local ids and the counters.
 */
final class DhtContext {
    final Env env;
    final KeyBasedRouting overlay;
    final DhtConfig config;
    final DhtCounters counters = new DhtCounters();
    final Liveness liveness = new Liveness(this);
    /** Incremented on every leaf-set change this node sees. */
    int epoch;
    /**
     * Local ids (requests, writes, syncs, transfers) start at a random point, so a rebooted node's
     * ids do not collide with its old ones.
     */
    private long nextId;
    /** This incarnation's tag in the versions it assigns as root ({@link Versions}). */
    final long versionTag;

    DhtContext(Env env, KeyBasedRouting overlay, DhtConfig config) {
        this.env = env;
        this.overlay = overlay;
        this.config = config;
        this.nextId = (env.random().nextLong() >>> 2) + 1;
        this.versionTag = env.random().nextLong() & Versions.TAG_MASK;
    }

    long newId() {
        return nextId++;
    }

    long nowMs() {
        return env.nowMs();
    }

    Id selfId() {
        return env.self().id();
    }

    NodeHandle self() {
        return env.self();
    }

    void send(NodeHandle to, Message m) {
        env.send(to, m);
    }

    /**
     * The replica set of {@code key} as this node sees it now, closest first: the overlay's, skipping
     * the near neighbours this node's DHT suspects ({@link Liveness}) in favour of the next closest.
     *
     * <p>For a key outside this node's leaf-set range it is only the closest node this node knows:
     * the overlay's answer there names the leaf-set members nearest the key, not its replicas, and
     * treating all r of them as replicas made a stray copy (one that reached a node far from its key)
     * flood the ring: each holder handed it off to r nodes that were no replicas either, and each of
     * those to r more, back and forth (one key handed off and dropped 2,154 times in 5 minutes on
     * 1,000 nodes under exp:1.4m). With one node, the copy walks toward the key hop by hop, each
     * holder dropping it once the next one holds it, until it reaches a node that sees the key's
     * replicas.
     */
    List<NodeHandle> replicaSet(Id key, int r) {
        if (!overlay.coversKey(key)) {
            r = 1;
        }
        int suspects = liveness.suspectCount();
        if (suspects == 0) {
            return overlay.replicaSet(key, r);
        }
        List<NodeHandle> out = new ArrayList<>(r);
        for (NodeHandle n : overlay.replicaSet(key, r + suspects)) {
            if (out.size() < r && !liveness.suspected(n.id())) {
                out.add(n);
            }
        }
        return out;
    }

    /** True when {@code set} holds a handle with this id. */
    static boolean contains(List<NodeHandle> set, Id id) {
        for (NodeHandle n : set) {
            if (n.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** True when the two sets name the same nodes in the same order. */
    static boolean sameIds(List<NodeHandle> a, List<NodeHandle> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).id().equals(b.get(i).id())) {
                return false;
            }
        }
        return true;
    }
}
