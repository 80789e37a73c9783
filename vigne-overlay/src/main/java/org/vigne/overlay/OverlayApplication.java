package org.vigne.overlay;

import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * Upcalls from the overlay to a service built on it. All upcalls run on the node's event loop;
 * they must not block. A payload is offered to every registered application; each ignores the
 * payload types it does not own.
 */
public interface OverlayApplication {
    /** This node is the root of {@code key} and receives {@code payload}, routed from {@code origin}. */
    void deliver(Id key, Message payload, NodeHandle origin);

    /** As {@link #deliver(Id, Message, NodeHandle)}, with the number of overlay hops taken (for measurement). */
    default void deliver(Id key, Message payload, NodeHandle origin, int hops) {
        deliver(key, payload, origin);
    }

    /**
     * {@code payload} is about to be forwarded to {@code nextHop}. Return false to consume it here
     * instead (for instance to answer from a cache).
     */
    default boolean forward(Id key, Message payload, NodeHandle nextHop) {
        return true;
    }

    /**
     * The leaf set changed: {@code node} was added ({@code joined}) or removed. Called after the
     * leaf set has changed, so {@link KeyBasedRouting#replicaSet} already reflects it.
     */
    default void update(NodeHandle node, boolean joined) {
    }

    /** The node finished joining the ring. */
    default void joined() {
    }

    /**
     * There is evidence that {@code node} (a neighbour, or a node a service reported through
     * {@link KeyBasedRouting#suspect}) may have failed: suspicion, not proof. Called once when the
     * suspicion starts; the overlay routes around the node and probes it until it answers
     * ({@link #suspicionCleared}) or is declared dead ({@link #departed}). Services that wait on it
     * may look elsewhere meanwhile.
     */
    default void suspected(NodeHandle node) {
    }

    /** A suspected {@code node} was heard from again: it is alive, and the suspicion is over. */
    default void suspicionCleared(NodeHandle node) {
    }

    /**
     * {@code node} left gracefully, or was declared dead after missing probes in a row (a leaf-set
     * or routing-table member, or a node a service reported): the overlay's decision, which every service of this node acts on instead of probing on its own.
     * A node declared dead may come back later (with its state lost), as a new incarnation.
     */
    default void departed(NodeHandle node, boolean graceful) {
    }
}
