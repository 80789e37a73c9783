package org.vigne.overlay;

import org.vigne.core.NodeHandle;

/** Membership events of one node, for logs and measurement; never needed for correctness. */
public interface OverlayListener {
    /** The node finished joining. */
    default void joined(Overlay overlay) {
    }

    /** A neighbour left gracefully ({@code graceful}) or was declared dead. */
    default void departed(Overlay overlay, NodeHandle node, boolean graceful) {
    }

    /** A neighbour (or a node a service reported) became suspected: evidence, not proof. */
    default void suspected(Overlay overlay, NodeHandle node) {
    }
}
