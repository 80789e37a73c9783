package org.vigne.sim;

import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * Scripted network faults for scenarios (partitions, a reply lost on purpose): consulted for every
 * message sent, at the network, so protocols cannot tell them from ordinary loss.
 */
@FunctionalInterface
public interface Faults {
    /** True when {@code msg} from {@code from} to {@code to} may travel. */
    boolean deliver(SimNode from, NodeHandle to, Message msg);

    Faults NONE = (from, to, msg) -> true;
}
