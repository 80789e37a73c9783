package org.vigne.overlay;

import org.vigne.core.NodeHandle;

/** Told when a node enters or leaves the leaf set or the routing table, so per-peer flags stay exact. */
interface Membership {
    void changed(NodeHandle n, boolean leafSet, boolean in);

    Membership NONE = (n, leafSet, in) -> { };
}
