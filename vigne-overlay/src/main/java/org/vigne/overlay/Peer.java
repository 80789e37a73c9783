package org.vigne.overlay;

import org.vigne.core.NodeHandle;
import org.vigne.core.RttEstimator;

/**
 * What this node knows of one neighbour: when it was last heard from, its RTT (a peer is its own
 * estimator, saving an object per neighbour in large simulations), whether a probe is out (its
 * nonce and send time live in {@link PeerNotes}, as does the digest of the last leaf set it
 * sent). Fields are kept narrow: a simulated node has 100 to 170 of these, so a million nodes
 * hold over a hundred million; the six flags share one byte, so that this layout takes 40 bytes
 * (48 with a byte per flag), the failure detector and the neighbourhood keeping the rest aside.
 */
final class Peer extends RttEstimator {
    private static final int PROBING = 1;
    private static final int IN_LEAF_SET = 1 << 1;
    private static final int IN_TABLE = 1 << 2;
    private static final int FORGOTTEN = 1 << 3;
    private static final int SUSPECTED = 1 << 4;
    private static final int WATCHED = 1 << 5;

    final NodeHandle handle;
    /** Last time any message arrived from it; 0 when only heard of second-hand. */
    long lastHeardMs;
    /** When the last probe to it was sent, in whole seconds (narrow: it only spaces routine probes). */
    int probedAtS;
    /** Probes in a row left unanswered. */
    byte missedPings;
    /** The flags below, one bit each. */
    private byte flags;

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
        return (flags & (IN_LEAF_SET | IN_TABLE)) != 0;
    }

    /** In the tables or asked about by a service: its services hear of its suspicion and death. */
    boolean followed() {
        return (flags & (IN_LEAF_SET | IN_TABLE | WATCHED)) != 0;
    }

    /** A probe is out to it (its nonce and send time: the failure detector's {@link PeerNotes}). */
    boolean probing() {
        return has(PROBING);
    }

    void setProbing(boolean on) {
        set(PROBING, on);
    }

    /** In the leaf set. */
    boolean inLeafSet() {
        return has(IN_LEAF_SET);
    }

    void setInLeafSet(boolean on) {
        set(IN_LEAF_SET, on);
    }

    /** In the routing table. */
    boolean inTable() {
        return has(IN_TABLE);
    }

    void setInTable(boolean on) {
        set(IN_TABLE, on);
    }

    /** Removed from the neighbourhood: a reference kept elsewhere must not be used any more. */
    boolean forgotten() {
        return has(FORGOTTEN);
    }

    void setForgotten(boolean on) {
        set(FORGOTTEN, on);
    }

    /** There is evidence against it (a missed acknowledgement or probe, silence, a notice): routing avoids it. */
    boolean suspected() {
        return has(SUSPECTED);
    }

    void setSuspected(boolean on) {
        set(SUSPECTED, on);
    }

    /** A service asked about it: followed until answered or declared dead, even outside the tables. */
    boolean watched() {
        return has(WATCHED);
    }

    void setWatched(boolean on) {
        set(WATCHED, on);
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    private void set(int flag, boolean on) {
        flags = (byte) (on ? flags | flag : flags & ~flag);
    }
}
