package org.vigne.net.transport;

import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/** Where a connection hands each authenticated, decoded message; called on the node's event loop. */
@FunctionalInterface
public interface Inbox {
    void receive(NodeHandle from, Message msg);
}
