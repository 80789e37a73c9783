package org.vigne.net.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * A listening socket that a real node can be made to connect to (by sending to {@link #handle}),
 * so a test can play the accepting side of the handshake frame by frame through {@link RawPeer}:
 * a server with the wrong secret, one that reflects the client's proof, one that truncates or
 * reorders its frames.
 */
final class RogueServer implements AutoCloseable {
    private final ServerSocket listener;
    private final NodeHandle handle;

    RogueServer() throws IOException {
        listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(10_000);
        handle = new NodeHandle(Id.sha1("rogue server"), "127.0.0.1", listener.getLocalPort());
    }

    /** Where a node must send to reach this server. */
    NodeHandle handle() {
        return handle;
    }

    /** Waits (10 s at most) for a node to connect, and returns this server's end of the connection. */
    RawPeer accept() throws IOException {
        return RawPeer.accepted(listener.accept());
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
