package org.vigne.overlay;

import org.vigne.core.Id;

/**
 * Peers by id, in an open-addressing table whose keys (the three words of each id) sit in
 * primitive arrays beside the records: a lookup compares array slots instead of chasing a
 * hash-map node and the id object, and a simulated node with a hundred neighbours costs a few
 * kilobytes instead of tens.
 */
final class PeerMap {
    private long[] keys = new long[16];
    private long[] mids = new long[16];
    private int[] los = new int[16];
    private Peer[] values = new Peer[16];
    private int size;

    int size() {
        return size;
    }

    Peer get(Id id) {
        long k = id.hi();
        int mask = keys.length - 1;
        for (int i = slot(k, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == k && mids[i] == id.mid() && los[i] == id.lo()) {
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
        if ((size + 1) * 8 > keys.length * 7) {
            grow();
        }
        insert(p);
        size++;
    }

    private void insert(Peer p) {
        Id id = p.handle.id();
        int mask = keys.length - 1;
        int i = slot(id.hi(), mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = id.hi();
        mids[i] = id.mid();
        los[i] = id.lo();
        values[i] = p;
    }

    /** Removes the peer with this id and returns it, or null. */
    Peer remove(Id id) {
        long k = id.hi();
        int mask = keys.length - 1;
        int i = slot(k, mask);
        while (values[i] != null) {
            if (keys[i] == k && mids[i] == id.mid() && los[i] == id.lo()) {
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
            int home = slot(keys[i], mask);
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                mids[hole] = mids[i];
                los[hole] = los[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
        keys[hole] = 0;
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
        keys = new long[capacity];
        mids = new long[capacity];
        los = new int[capacity];
        values = new Peer[capacity];
        for (Peer p : old) {
            if (p != null) {
                insert(p);
            }
        }
    }

    private static int slot(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
