package org.vigne.overlay;

import org.vigne.core.NodeHandle;
import org.vigne.core.RttEstimator;

/**
 * What this node knows of one neighbour: when it was last heard from, its RTT (a peer is its own
 * estimator, saving an object per neighbour in large simulations), whether a probe is out (its
 * nonce and send time live in {@link PeerNotes}, as does the digest of the last leaf set it
 * sent). Fields are kept narrow: a simulated node has 100 to 170 of these, so a
 * million nodes hold over a hundred million; this layout takes 48 bytes each (the
 * failure detector and the neighbourhood keep the rest aside).
 */
final class Peer extends RttEstimator {
    final NodeHandle handle;
    /** Last time any message arrived from it; 0 when only heard of second-hand. */
    long lastHeardMs;
    /** A probe is out to it (its nonce and send time: the failure detector's {@link PeerNotes}). */
    boolean probing;
    /** When the last probe to it was sent, in whole seconds (narrow: it only spaces routine probes). */
    int probedAtS;
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

    Peer(NodeHandle handle) {
        this.handle = handle;
    }

    /**
     * Milliseconds (to the second) since the last probe to it was sent, as of {@code nowMs}; from
     * time 0 when never probed. Seconds are compared as ints, so the difference stays right across
     * the int's wrap (epoch seconds pass 2^31 in 2038).
     */
    long sinceProbedMs(long nowMs) {
        return ((int) (nowMs / 1000) - probedAtS) * 1000L;
    }

    boolean used() {
        return inLeafSet || inTable;
    }

    /** In the tables or asked about by a service: its services hear of its suspicion and death. */
    boolean followed() {
        return inLeafSet || inTable || watched;
    }

    boolean probing() {
        return probing;
    }
}
