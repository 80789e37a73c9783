package org.vigne.overlay;

import org.vigne.core.Id;

/**
 * Peers by id, in an open-addressing table whose keys sit in a primitive array beside the
 * records: a lookup scans 32-bit hashes of the ids and compares a whole id only on a hash match,
 * instead of chasing a hash-map node and the id object. Four bytes of key per slot (rather than
 * the id's twenty) keep a node with 130 neighbours at 2 KiB of table, which matters with a
 * million simulated nodes.
 */
final class PeerMap {
    private int[] hashes = new int[16];
    private Peer[] values = new Peer[16];
    private int size;

    int size() {
        return size;
    }

    Peer get(Id id) {
        int h = hash(id);
        int mask = hashes.length - 1;
        for (int i = h & mask; values[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && values[i].handle.id().equals(id)) {
                return values[i];
            }
        }
        return null;
    }

    boolean containsKey(Id id) {
        return get(id) != null;
    }

    /** Adds {@code p} under its id; the id must not be present. The table stays at most 7/8 full: lookups are
     * bound by the cache miss on the table, not by the length of the probe runs (measured). */
    void put(Peer p) {
        if ((size + 1) * 8 > hashes.length * 7) {
            grow();
        }
        insert(p);
        size++;
    }

    private void insert(Peer p) {
        int h = hash(p.handle.id());
        int mask = hashes.length - 1;
        int i = h & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        values[i] = p;
    }

    /** Removes the peer with this id and returns it, or null. */
    Peer remove(Id id) {
        int h = hash(id);
        int mask = hashes.length - 1;
        int i = h & mask;
        while (values[i] != null) {
            if (hashes[i] == h && values[i].handle.id().equals(id)) {
                Peer out = values[i];
                shiftBack(i, mask);
                size--;
                return out;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Backward-shift deletion keeps every probe sequence unbroken without tombstones. */
    private void shiftBack(int hole, int mask) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) {
                break;
            }
            int home = hashes[i] & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                hashes[hole] = hashes[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
        hashes[hole] = 0;
    }

    private void grow() {
        rehash(values.length * 2);
    }

    /** Shrinks the table after a burst of short-lived records (a join probes many candidates). */
    void compact() {
        int capacity = 16;
        while ((size + 1) * 8 > capacity * 7) {
            capacity *= 2;
        }
        if (capacity < values.length) {
            rehash(capacity);
        }
    }

    private void rehash(int capacity) {
        Peer[] old = values;
        hashes = new int[capacity];
        values = new Peer[capacity];
        for (Peer p : old) {
            if (p != null) {
                insert(p);
            }
        }
    }

    /** The top bits of a multiplicative hash of the id's top word (random for node ids, but not for chosen ones). */
    private static int hash(Id id) {
        long h = (id.hi() ^ id.mid() ^ id.lo()) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }
}
