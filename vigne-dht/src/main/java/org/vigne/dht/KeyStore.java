package org.vigne.dht;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.vigne.core.Id;

/** The keys one node stores for one DHT, in key order (so every pass over them is deterministic). */
final class KeyStore {
    private final TreeMap<Id, StoredKey> keys = new TreeMap<>();
    StoredKey get(Id key) {
        return keys.get(key);
    }

    StoredKey getOrCreate(Id key) {
        StoredKey e = keys.get(key);
        if (e == null) {
            e = new StoredKey(key);
            keys.put(key, e);
        }
        return e;
    }

    void remove(StoredKey e) {
        keys.remove(e.key, e);
        e.dropped = true;
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
        int live = 0;
        for (StoredKey e : keys.values()) {
            if (!e.tombstone) {
                live++;
            }
        }
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
