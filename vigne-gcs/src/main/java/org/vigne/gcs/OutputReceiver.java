package org.vigne.gcs;

/**
 * Where a node takes the outputs that groups of one kind send it. Called on the node's event loop,
 * once per output id (copies are dropped before), in arrival order, which need not be log order.
 */
@FunctionalInterface
public interface OutputReceiver {
    void deliver(OutputId id, byte[] payload);
}
