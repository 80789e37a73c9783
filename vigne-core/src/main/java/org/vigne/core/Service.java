package org.vigne.core;

/**
 * One protocol layer of a node (overlay, DHT, ...), plugged into the node's {@link ServiceStack}.
 * Handlers run on the node's event loop, one at a time.
 */
public interface Service {
    /** Handles a message of this service's family, sent directly by {@code from}. */
    void onMessage(NodeHandle from, Message msg);

    /** Called once when the node stops for good (crash excluded): release timers. */
    default void stop() {
    }
}
