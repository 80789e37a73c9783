package org.vigne.dht;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.Item;

/**
 * The keys one node stores for one DHT, in key order (so every pass over them is deterministic),
 * grouped by replica set into {@link ReplicaRange}s whose summaries follow every change. A key's
 * version and replica set change only through this class ({@link #offer}, {@link #place}), so the
 * summaries, the count of live keys and the queue of tombstones to collect never need a pass over
 * all keys.
 */
final class KeyStore {
    private record Tombstone(StoredKey key, long atMs) {
    }

    private final Id self;
    private final TreeMap<Id, StoredKey> keys = new TreeMap<>();
    /** Ranges by replica set, in order of creation (deterministic passes). */
    private final Map<List<NodeHandle>, ReplicaRange> ranges = new LinkedHashMap<>();
    /** Tombstones in the order they were stored, each with the time it was. */
    private final ArrayDeque<Tombstone> tombstones = new ArrayDeque<>();
    private int live;

    KeyStore(Id self) {
        this.self = self;
    }

    StoredKey get(Id key) {
        return keys.get(key);
    }

    /** The entry of {@code key}, created (version 0, not yet placed in a range) if absent. */
    StoredKey getOrCreate(Id key) {
        StoredKey e = keys.get(key);
        if (e == null) {
            e = new StoredKey(key);
            keys.put(key, e);
            live++;
        }
        return e;
    }

    /** Takes {@code it} into {@code e} if it is newer; returns true when it did. */
    boolean offer(StoredKey e, Item it, long nowMs) {
        long before = e.version;
        boolean wasTombstone = e.tombstone;
        if (!e.offer(it, nowMs)) {
            return false;
        }
        if (e.range != null) {
            e.range.versionChanged(e, before);
        }
        if (wasTombstone != e.tombstone) {
            live += e.tombstone ? -1 : 1;
        }
        if (e.tombstone) {
            tombstones.addLast(new Tombstone(e, nowMs));
        }
        return true;
    }

    /**
     * Records {@code replicas} as {@code e}'s replica set, moving it to that set's range (none for
     * an empty set). A key coming back into a range this node replicates forgets its hand-off.
     */
    void place(StoredKey e, List<NodeHandle> replicas) {
        if (e.range != null) {
            e.range.remove(e);
            if (e.range.isEmpty()) {
                ranges.remove(e.range.replicas);
            }
            e.range = null;
        }
        e.replicas = replicas;
        if (replicas.isEmpty() || e.dropped) {
            return;
        }
        ReplicaRange g = ranges.computeIfAbsent(replicas, r -> new ReplicaRange(r, self));
        g.add(e);
        e.range = g;
        if (g.selfReplica) {
            e.handoffAcks = null;
            e.handoffSentMs = null;
        }
    }

    void remove(StoredKey e) {
        if (keys.remove(e.key, e)) {
            if (!e.tombstone) {
                live--;
            }
            e.dropped = true;
            place(e, List.of());
        }
    }

    /** The ranges, in a deterministic order; not to be changed while iterated. */
    Collection<ReplicaRange> ranges() {
        return Collections.unmodifiableCollection(ranges.values());
    }

    /** The keys of the ranges this node does not replicate (being handed off), in a list safe to iterate while keys are dropped. */
    List<StoredKey> handoffKeys() {
        List<StoredKey> out = new ArrayList<>();
        for (ReplicaRange g : ranges.values()) {
            if (!g.selfReplica) {
                out.addAll(g.keys());
            }
        }
        return out;
    }

    /**
     * Tombstones stored more than {@code ttlMs} before {@code nowMs} and not replaced since, oldest
     * first, taken off the queue (a caller that cannot collect one yet gives it back with
     * {@link #retryTombstone}).
     */
    List<StoredKey> expiredTombstones(long nowMs, long ttlMs) {
        List<StoredKey> out = new ArrayList<>();
        while (!tombstones.isEmpty() && nowMs - tombstones.peekFirst().atMs() > ttlMs) {
            Tombstone t = tombstones.pollFirst();
            StoredKey e = t.key();
            if (!e.dropped && e.tombstone && e.storedAtMs == t.atMs()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Puts an expired tombstone back, to be offered again at the next collection. */
    void retryTombstone(StoredKey e) {
        tombstones.addLast(new Tombstone(e, e.storedAtMs));
    }

    /**
     * The entries themselves, in key order, for passes that neither add nor drop keys (observing a
     * key only changes the entry, and handlers' operations never run inside the pass).
     */
    Collection<StoredKey> entries() {
        return Collections.unmodifiableCollection(keys.values());
    }

    /** A copy of the entries, safe to iterate while keys are dropped. */
    List<StoredKey> snapshot() {
        return new ArrayList<>(keys.values());
    }

    int size() {
        return keys.size();
    }

    /** Entries holding a value (not a tombstone). */
    int liveCount() {
        return live;
    }

    /** Order-independent hash of one (key, version) pair; a digest is the sum over its keys. */
    static long pairHash(Id key, long version) {
        return mix(key.hi() ^ mix(key.mid() ^ mix(((long) key.lo() << 32) ^ version)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
