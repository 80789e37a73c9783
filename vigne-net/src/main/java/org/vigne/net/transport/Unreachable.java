package org.vigne.net.transport;

import org.vigne.core.NodeHandle;

/** Told, on the node's event loop, that a connection to {@code peer} broke or could not be opened. */
@FunctionalInterface
public interface Unreachable {
    void peerUnreachable(NodeHandle peer);

    /** Ignores every report. */
    Unreachable IGNORE = peer -> { };
}
