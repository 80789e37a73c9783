package org.vigne.overlay;

import org.vigne.core.NodeHandle;
import org.vigne.core.RttEstimator;

/** What this node knows of one neighbour: when it was last heard from, its RTT, an outstanding probe. */
final class Peer {
    final NodeHandle handle;
    final RttEstimator rtt = new RttEstimator();
    /** Last time any message arrived from it; 0 when only heard of second-hand. */
    long lastHeardMs;
    /** Nonce of the outstanding probe, 0 when none. */
    long pingNonce;
    long pingSentMs;
    int missedPings;
    /** In the leaf set. */
    boolean inLeafSet;
    /** In the routing table. */
    boolean inTable;
    /** Digest of the last leaf set this peer sent, and the forget epoch it was learned in. */
    long leafSetDigest;
    long digestEpoch = -1;
    /** Position in the neighbourhood's peer list. */
    int slot;

    Peer(NodeHandle handle) {
        this.handle = handle;
    }

    boolean used() {
        return inLeafSet || inTable;
    }

    boolean probing() {
        return pingNonce != 0;
    }
}
