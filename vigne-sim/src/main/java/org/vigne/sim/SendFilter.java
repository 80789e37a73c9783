package org.vigne.sim;

import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * Decides whether a message a node sends enters the simulated network at all (the network model's
 * loss, latency and duplication apply after it). Scenarios use it to inject targeted faults: lose
 * the first copy of every write, or watch for a root's acknowledgement and crash the root right
 * after it. Called on the simulator's thread, in the sending node's event; must be deterministic.
 */
@FunctionalInterface
public interface SendFilter {
    /** Lets every message through. */
    SendFilter ALL = (from, to, msg) -> true;

    /** True to send {@code msg} from {@code from} to {@code to}; false to lose it here. */
    boolean passes(SimNode from, NodeHandle to, Message msg);
}
