package org.vigne.overlay;

import java.util.Arrays;

/**
 * The digest of the last leaf set each peer sent this node, with the forget epoch it was learned
 * in, so a leaf set heard before is not learned again. Only nodes near this one on the ring send
 * leaf sets (a few dozen), while a node keeps 100 to 170 peer records: kept here rather than in
 * every {@link Peer}, these eight bytes cost a kilobyte less per simulated node. Peers are found
 * by identity, in a linear scan; a peer never heard from reads digest 0 and epoch -1.
 */
final class LeafSetDigests {
    private Peer[] peers = new Peer[8];
    private int[] digests = new int[8];
    private int[] epochs = new int[8];
    private int size;

    /** Digest of the last leaf set {@code p} sent, or 0. */
    int digest(Peer p) {
        int i = indexOf(p);
        return i < 0 ? 0 : digests[i];
    }

    /** Forget epoch in which {@code p}'s last leaf set was learned, or -1. */
    int epoch(Peer p) {
        int i = indexOf(p);
        return i < 0 ? -1 : epochs[i];
    }

    void record(Peer p, int digest, int epoch) {
        int i = indexOf(p);
        if (i < 0) {
            if (size == peers.length) {
                peers = Arrays.copyOf(peers, size * 2);
                digests = Arrays.copyOf(digests, size * 2);
                epochs = Arrays.copyOf(epochs, size * 2);
            }
            i = size++;
            peers[i] = p;
        }
        digests[i] = digest;
        epochs[i] = epoch;
    }

    /** Drops what {@code p} sent (its record is gone). */
    void remove(Peer p) {
        int i = indexOf(p);
        if (i < 0) {
            return;
        }
        size--;
        peers[i] = peers[size];
        digests[i] = digests[size];
        epochs[i] = epochs[size];
        peers[size] = null;
    }

    private int indexOf(Peer p) {
        for (int i = 0; i < size; i++) {
            if (peers[i] == p) {
                return i;
            }
        }
        return -1;
    }
}
