package org.vigne.core;

/**
 * How to reach a node: its id on the ring and its transport address.
 *
 * <p>In the simulator the host is {@code "sim"} and the port is the simulated node's index; in
 * the real runtime they are the node's listening socket address. Immutable, so handles may be
 * passed around freely.
 */
public record NodeHandle(Id id, String host, int port) {
    /** Approximate encoded size: id, length-prefixed host and port. */
    public static final int WIRE_BYTES = Id.BYTES + 1 + 15 + 2;

    public NodeHandle {
        if (id == null || host == null) {
            throw new IllegalArgumentException("a node handle needs an id and a host");
        }
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return id.shortString() + "@" + address();
    }
}
