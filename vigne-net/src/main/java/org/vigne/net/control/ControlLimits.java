package org.vigne.net.control;

/**
 * How much the control API gives a client before it has sent a whole request. Requests are only
 * collected after their token checked out (see {@link TokenCheck}), so these bound what a local
 * process without the token can hold: sockets and a few kilobytes of headers each.
 *
 * @param readTimeoutMs a connection must send a whole request within this time of connecting or
 *     of its previous answer, or it is closed (an idle keep-alive connection too)
 * @param maxConnections control connections open at once; more are closed as soon as accepted
 */
public record ControlLimits(long readTimeoutMs, int maxConnections) {
    public ControlLimits {
        if (readTimeoutMs < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("invalid control limits: read timeout " + readTimeoutMs + " ms, "
                    + maxConnections + " connections");
        }
    }

    /** 10 s to send a request, 64 connections. */
    public static ControlLimits defaults() {
        return new ControlLimits(10_000, 64);
    }
}
