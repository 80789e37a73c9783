package org.vigne.overlay;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * The key-based routing API of structured overlays (the "common API" of Dabek et al.), as the
 * services above the overlay see it. Every call must be made on the node's event loop.
 */
public interface KeyBasedRouting {
    /** This node. */
    NodeHandle self();

    /**
     * Routes {@code payload} to the root of {@code key}: the live node numerically closest to it.
     * Best effort; each hop is acknowledged and retried through the next best hop. The root gets
     * an {@link OverlayApplication#deliver} upcall.
     */
    void route(Id key, Message payload);

    /**
     * Up to {@code r} nodes, this node included, that this node believes are the closest to
     * {@code key}, closest first. Meaningful when the key lies in this node's leaf-set range;
     * {@code r} may be at most L/2 + 1 for the answer to be complete.
     */
    List<NodeHandle> replicaSet(Id key, int r);

    /**
     * True when {@code key} lies within this node's leaf-set range: {@code replicaSet(key, 1)} is
     * then the key's root as far as this node knows, and a service may send to it directly
     * instead of routing (one message, no per-hop acknowledgement: the service retries).
     */
    boolean coversKey(Id key);

    /** True when this node believes it is the root of {@code key}. */
    boolean isRoot(Id key);

    /** The leaf set, closest first on each side: counter-clockwise then clockwise neighbours. */
    List<NodeHandle> leafSetMembers();

    /** True once the join has completed (the node is part of the ring). */
    boolean isJoined();

    /**
     * True when this node declared {@code node} dead (or saw it leave) recently and has not heard
     * from it since: the same evidence as the {@code departed} upcall, for a service that starts
     * watching a node after that upcall was made. Suspicion, never proof. False when unknown.
     */
    default boolean declaredDead(NodeHandle node) {
        return false;
    }

    /** Registers an application for upcalls. Applications are called in registration order. */
    void addApplication(OverlayApplication app);

    /**
     * Reports evidence that {@code node} may have failed: a reply, heartbeat or acknowledgement this
     * service expected from it did not come. The overlay is the node's one failure detector: it
     * routes around {@code node} and probes it at once (also when it is not a neighbour), and every
     * service hears what it decides through {@link OverlayApplication#suspected},
     * {@link OverlayApplication#suspicionCleared} and {@link OverlayApplication#departed}. A report
     * is never proof: a node that answers stays. Services should report instead of probing on their own.
     */
    void suspect(NodeHandle node);

    /** True while the overlay suspects {@code node}: there is evidence against it, and it has not answered since. */
    boolean isSuspected(NodeHandle node);
}
