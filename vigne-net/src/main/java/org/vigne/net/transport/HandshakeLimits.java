package org.vigne.net.transport;

/**
 * How much a node gives peers that have not proved the cluster secret yet. Before the handshake
 * completes, frames are capped at {@link org.vigne.net.wire.Frames#HANDSHAKE_MAX_FRAME_BYTES},
 * so each such connection costs a few kilobytes; these caps bound how many there are, so that
 * nobody can exhaust the node's sockets or keep it busy without knowing the secret.
 *
 * @param maxUnauthenticated connections still in their handshake, in all; when a new one would
 *     pass it, the oldest is closed (it had the most time to authenticate), so a flood of
 *     connections from many addresses cannot lock honest peers out for a whole handshake timeout
 * @param maxUnauthenticatedPerSource of those, from one source address; a new connection past it
 *     is closed at once, so one source cannot take the room of the others
 */
public record HandshakeLimits(int maxUnauthenticated, int maxUnauthenticatedPerSource) {
    public HandshakeLimits {
        if (maxUnauthenticatedPerSource < 1 || maxUnauthenticated < maxUnauthenticatedPerSource) {
            throw new IllegalArgumentException("invalid handshake limits: " + maxUnauthenticated + " in all, "
                    + maxUnauthenticatedPerSource + " per source address");
        }
    }

    /**
     * 512 in all (well under the usual limit of 1024 open files), 64 per source address (a local
     * grid of 64 nodes on one machine may all connect to its first node at once).
     */
    public static HandshakeLimits defaults() {
        return new HandshakeLimits(512, 64);
    }
}
