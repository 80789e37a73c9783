package org.vigne.overlay;

import java.util.Arrays;
import org.vigne.core.Id;

/**
 * Peers by id, and the same peers in a dense list for iteration: a compact hash table (as
 * CPython's dict since 3.6). The peers and their 32-bit id hashes sit in dense arrays, in the
 * order they were added (a removal moves the last peer into the hole); an open-addressing index
 * of 16-bit positions points into them. A lookup scans the index and the dense hashes and
 * compares a whole id only on a hash match, instead of chasing a hash-map node and the id
 * object. The list and the map share one copy of the references: a node with 130 neighbours
 * holds 1.9 KiB of table instead of the 2.7 KiB an open-addressing table beside a separate list
 * took, which matters with a million simulated nodes.
 */
final class PeerMap {
    /** Most peers one node can hold: positions are stored as unsigned 16-bit values, 0 meaning empty. */
    static final int MAX_PEERS = Character.MAX_VALUE - 1;
    private static final int MIN_INDEX = 16;
    private static final int MIN_DENSE = 8;
    /** Open-addressing index: 1 + the dense position of the peer whose id hashes here, 0 when empty. */
    private char[] index = new char[MIN_INDEX];
    private Peer[] peers = new Peer[MIN_DENSE];
    private int[] hashes = new int[MIN_DENSE];
    private int size;

    int size() {
        return size;
    }

    /** The peer at position {@code i} of the dense list, {@code 0 <= i < size()}. */
    Peer at(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return peers[i];
    }

    Peer get(Id id) {
        int slot = slotOf(id, hash(id));
        return slot < 0 ? null : peers[index[slot] - 1];
    }

    boolean containsKey(Id id) {
        return get(id) != null;
    }

    /** The index slot that points at the peer with this id and hash, or -1. */
    private int slotOf(Id id, int h) {
        int mask = index.length - 1;
        for (int i = h & mask; index[i] != 0; i = (i + 1) & mask) {
            int at = index[i] - 1;
            if (hashes[at] == h && peers[at].handle.id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds {@code p} under its id, at the end of the list; the id must not be present. The index
     * stays at most 7/8 full: lookups are bound by the cache miss on the table, not by the length
     * of the probe runs (measured).
     */
    void put(Peer p) {
        if (size == MAX_PEERS) {
            throw new IllegalStateException("a node keeps at most " + MAX_PEERS + " peer records");
        }
        if ((size + 1) * 8 > index.length * 7) {
            reindex(index.length * 2);
        }
        if (size == peers.length) {
            int n = size + (size >> 1);
            peers = Arrays.copyOf(peers, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        int h = hash(p.handle.id());
        peers[size] = p;
        hashes[size] = h;
        size++;
        insert(h, size);
    }

    private void insert(int h, int position) {
        int mask = index.length - 1;
        int i = h & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = (char) position;
    }

    /** Removes the peer with this id and returns it, or null; the last peer of the list takes its place. */
    Peer remove(Id id) {
        int h = hash(id);
        int slot = slotOf(id, h);
        if (slot < 0) {
            return null;
        }
        int at = index[slot] - 1;
        Peer out = peers[at];
        shiftBack(slot);
        int last = size - 1;
        if (at != last) {
            // The last peer moves into the hole: its index slot must point at its new position.
            int mask = index.length - 1;
            int i = hashes[last] & mask;
            while (index[i] != last + 1) {
                i = (i + 1) & mask;
            }
            index[i] = (char) (at + 1);
            peers[at] = peers[last];
            hashes[at] = hashes[last];
        }
        peers[last] = null;
        size = last;
        return out;
    }

    /** Backward-shift deletion keeps every probe sequence unbroken without tombstones. */
    private void shiftBack(int hole) {
        int mask = index.length - 1;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (index[i] == 0) {
                break;
            }
            int home = hashes[index[i] - 1] & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                index[hole] = index[i];
                hole = i;
            }
        }
        index[hole] = 0;
    }

    /** Shrinks the arrays after a burst of short-lived records (a join probes many candidates). */
    void compact() {
        int capacity = MIN_INDEX;
        while ((size + 1) * 8 > capacity * 7) {
            capacity *= 2;
        }
        if (capacity < index.length) {
            reindex(capacity);
        }
        int dense = Math.max(MIN_DENSE, size + (size >> 2));
        if (dense < peers.length) {
            peers = Arrays.copyOf(peers, dense);
            hashes = Arrays.copyOf(hashes, dense);
        }
    }

    private void reindex(int capacity) {
        index = new char[capacity];
        for (int i = 0; i < size; i++) {
            insert(hashes[i], i + 1);
        }
    }

    /** The top bits of a multiplicative hash of the id's words (random for node ids, but not for chosen ones). */
    private static int hash(Id id) {
        long h = (id.hi() ^ id.mid() ^ id.lo()) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }
}
