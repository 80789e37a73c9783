package org.vigne.dht;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The keys one node holds for one DHT whose replica set, as this node last observed it, is the same
 * list. In a consistent view that is one arc of the ring (the keys between the midpoints of two
 * pairs of nodes r apart), so the ranges a node holds are few (2r - 1 in a settled ring) whatever
 * the number of keys.
 *
 * <p>The range keeps its anti-entropy summary, the sum of its keys' pair hashes
 * ({@link KeyStore#pairHash}) and their number, up to date on every store, drop and view change,
 * as Dynamo and Cassandra keep a hash tree per key range: a digest round then adds up a few
 * ranges instead of walking every key, and costs the same at a thousand keys or a hundred
 * thousand ({@link AntiEntropy}). The keys themselves are kept too, in key order, for the passes
 * that need them: a summary when digests differ, the hand-off of a range this node no longer
 * replicates.
 */
final class ReplicaRange {
    /** The replica set, closest first. */
    final List<NodeHandle> replicas;
    /** This node is the first of {@link #replicas}: it orders the range's writes and sends its digests. */
    final boolean selfRoot;
    /** This node is one of {@link #replicas}; when not, the range is being handed off. */
    final boolean selfReplica;
    private final TreeMap<Id, StoredKey> keys = new TreeMap<>();
    private long hash;

    ReplicaRange(List<NodeHandle> replicas, Id self) {
        this.replicas = replicas;
        this.selfRoot = replicas.get(0).id().equals(self);
        this.selfReplica = DhtContext.contains(replicas, self);
    }

    /** Sum of the pair hashes of the range's keys at their current versions. */
    long hash() {
        return hash;
    }

    int size() {
        return keys.size();
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** True when {@code id} is one of the range's replicas. */
    boolean includes(Id id) {
        return DhtContext.contains(replicas, id);
    }

    /** True when {@code id} is the range's root. */
    boolean rootIs(Id id) {
        return replicas.get(0).id().equals(id);
    }

    /** The keys, in key order; not to be changed while iterated. */
    Collection<StoredKey> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    void add(StoredKey e) {
        keys.put(e.key, e);
        hash += KeyStore.pairHash(e.key, e.version);
    }

    void remove(StoredKey e) {
        if (keys.remove(e.key, e)) {
            hash -= KeyStore.pairHash(e.key, e.version);
        }
    }

    /** {@code e}, a key of this range, moved from version {@code before} to its current one. */
    void versionChanged(StoredKey e, long before) {
        hash += KeyStore.pairHash(e.key, e.version) - KeyStore.pairHash(e.key, before);
    }
}
