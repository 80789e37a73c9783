package org.vigne.overlay;

import java.util.Arrays;

/**
 * The nonce and send time of each probe this node has out, one per peer at most. Few probes are
 * out at once (a handful, a few dozen while joining), while a simulated node keeps a hundred or
 * more peer records: keeping these twelve bytes here rather than in every {@link Peer} saves
 * gigabytes with a million simulated nodes. Peers are found by identity, in a linear scan.
 */
final class OutstandingProbes {
    private Peer[] peers = new Peer[4];
    private int[] nonces = new int[4];
    private long[] sentMs = new long[4];
    private int size;

    /** Records the probe now out to {@code p} (which has none). */
    void put(Peer p, int nonce, long atMs) {
        if (size == peers.length) {
            peers = Arrays.copyOf(peers, size * 2);
            nonces = Arrays.copyOf(nonces, size * 2);
            sentMs = Arrays.copyOf(sentMs, size * 2);
        }
        peers[size] = p;
        nonces[size] = nonce;
        sentMs[size] = atMs;
        size++;
        p.probing = true;
    }

    /** The nonce of the probe out to {@code p}, or 0 when none. */
    int nonce(Peer p) {
        int i = indexOf(p);
        return i < 0 ? 0 : nonces[i];
    }

    /** When the probe out to {@code p} was sent; {@code p} must have one. */
    long sentMs(Peer p) {
        int i = indexOf(p);
        if (i < 0) {
            throw new IllegalStateException("no probe out to " + p.handle);
        }
        return sentMs[i];
    }

    /** Forgets the probe out to {@code p}, if any. */
    void remove(Peer p) {
        p.probing = false;
        int i = indexOf(p);
        if (i < 0) {
            return;
        }
        size--;
        peers[i] = peers[size];
        nonces[i] = nonces[size];
        sentMs[i] = sentMs[size];
        peers[size] = null;
    }

    /** Forgets every probe (the node stops). */
    void clear() {
        for (int i = 0; i < size; i++) {
            peers[i].probing = false;
            peers[i] = null;
        }
        size = 0;
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
