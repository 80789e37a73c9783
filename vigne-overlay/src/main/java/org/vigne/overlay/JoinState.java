package org.vigne.overlay;

/** Where a node stands in its membership of the ring. */
public enum JoinState {
    /** Created, not yet asked to join. */
    IDLE,
    /** A join request is out; the node routes nothing and is not part of the ring. */
    JOINING,
    /** Part of the ring: routes, delivers and maintains its tables. */
    JOINED,
    /** Left gracefully or stopped; ignores everything. */
    LEFT
}
