package org.vigne.overlay;

import java.util.Arrays;

/**
 * A note of an int and a long for each of the few peers that need one, found by identity in a
 * linear scan: the nonce and send time of the probes out ({@link FailureDetector}), the digest and
 * forget epoch of the last leaf set a ring neighbour sent ({@link Overlay}). A node keeps 100 to
 * 170 peer records but only a handful of probes out and a few dozen neighbours that send leaf
 * sets; kept here rather than in every {@link Peer}, these fields cost gigabytes less with a
 * million simulated nodes. For the same reason the arrays grow by half, and the ints are allocated
 * only once a note has a non-zero int (the leaf-set digests pack theirs into the long).
 */
final class PeerNotes {
    private Peer[] peers = new Peer[4];
    /** Null while every note's int is 0. */
    private int[] ints;
    private long[] longs = new long[4];
    private int size;
    /**
     * Where the last note found was: the same peer is usually asked for again (the predecessor's
     * leaf-set digest at each of its heartbeats), and the scan then reads one slot.
     */
    private int last;

    /** Sets the note of {@code p}, replacing any. */
    void put(Peer p, int i, long l) {
        int at = indexOf(p);
        if (at < 0) {
            if (size == peers.length) {
                int n = size + (size >> 1);
                peers = Arrays.copyOf(peers, n);
                longs = Arrays.copyOf(longs, n);
                if (ints != null) {
                    ints = Arrays.copyOf(ints, n);
                }
            }
            at = size++;
            peers[at] = p;
        }
        if (ints == null && i != 0) {
            ints = new int[peers.length];
        }
        if (ints != null) {
            ints[at] = i;
        }
        longs[at] = l;
    }

    /** The int of {@code p}'s note, or {@code absent}. */
    int intOf(Peer p, int absent) {
        int at = indexOf(p);
        return at < 0 ? absent : ints == null ? 0 : ints[at];
    }

    /** The long of {@code p}'s note, or {@code absent}. */
    long longOf(Peer p, long absent) {
        int at = indexOf(p);
        return at < 0 ? absent : longs[at];
    }

    /** Drops the note of {@code p}, if any. */
    void remove(Peer p) {
        int at = indexOf(p);
        if (at < 0) {
            return;
        }
        size--;
        peers[at] = peers[size];
        if (ints != null) {
            ints[at] = ints[size];
        }
        longs[at] = longs[size];
        peers[size] = null;
    }

    int size() {
        return size;
    }

    /** The peer of note {@code i}, in no particular order. */
    Peer peer(int i) {
        return peers[i];
    }

    void clear() {
        Arrays.fill(peers, 0, size, null);
        size = 0;
    }

    private int indexOf(Peer p) {
        if (last < size && peers[last] == p) {
            return last;
        }
        for (int i = 0; i < size; i++) {
            if (peers[i] == p) {
                last = i;
                return i;
            }
        }
        return -1;
    }
}
