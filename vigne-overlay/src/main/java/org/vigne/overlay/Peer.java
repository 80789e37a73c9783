package org.vigne.overlay;

import org.vigne.core.NodeHandle;
import org.vigne.core.RttEstimator;

/**
 * What this node knows of one neighbour: when it was last heard from, its RTT (a peer is its own
 * estimator, saving an object per neighbour in large simulations), an outstanding probe. Fields
 * are kept narrow: a simulated node has about a hundred of these.
 */
final class Peer extends RttEstimator {
    final NodeHandle handle;
    /** Last time any message arrived from it; 0 when only heard of second-hand. */
    long lastHeardMs;
    /** Nonce of the outstanding probe, 0 when none. */
    int pingNonce;
    long pingSentMs;
    /** Probes in a row left unanswered. */
    byte missedPings;
    /** In the leaf set. */
    boolean inLeafSet;
    /** In the routing table. */
    boolean inTable;
    /** Removed from the neighbourhood: a reference kept elsewhere must not be used any more. */
    boolean forgotten;
    /** There is evidence against it (a missed acknowledgement or probe, silence, a notice): routing avoids it. */
    boolean suspected;
    /** A service asked about it: followed until answered or declared dead, even outside the tables. */
    boolean watched;
    /** Digest of the last leaf set this peer sent, and the forget epoch it was learned in. */
    int leafSetDigest;
    int digestEpoch = -1;
    /** Position in the neighbourhood's peer list. */
    int slot;

    Peer(NodeHandle handle) {
        this.handle = handle;
    }

    boolean used() {
        return inLeafSet || inTable;
    }

    /** In the tables or asked about by a service: its services hear of its suspicion and death. */
    boolean followed() {
        return inLeafSet || inTable || watched;
    }

    boolean probing() {
        return pingNonce != 0;
    }
}
