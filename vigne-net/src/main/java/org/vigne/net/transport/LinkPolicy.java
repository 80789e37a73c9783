package org.vigne.net.transport;

/**
 * How a node treats its outgoing connections.
 *
 * @param maxQueuedPerPeer messages kept while a connection is being opened; more are dropped
 * @param connectTimeoutMs how long a TCP connect may take
 * @param minBackoffMs wait after a first failed connection before trying that peer again
 * @param maxBackoffMs longest wait, reached by doubling, so a dead peer costs one attempt per period
 * @param unreachableHintMs at most one "peer unreachable" hint per peer this often, so a dead
 *     peer cannot flood the overlay with hints
 */
public record LinkPolicy(int maxQueuedPerPeer, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs,
                         long unreachableHintMs) {
    /** Default period of unreachable hints per peer. */
    public static final long DEFAULT_HINT_MS = 1000;

    public LinkPolicy {
        if (maxQueuedPerPeer < 1 || connectTimeoutMs < 1 || minBackoffMs < 1 || maxBackoffMs < minBackoffMs
                || unreachableHintMs < 1) {
            throw new IllegalArgumentException("invalid link policy: " + maxQueuedPerPeer + " queued, connect "
                    + connectTimeoutMs + " ms, backoff " + minBackoffMs + ".." + maxBackoffMs + " ms, hints every "
                    + unreachableHintMs + " ms");
        }
    }

    /** A policy with the default hint period of one second. */
    public LinkPolicy(int maxQueuedPerPeer, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs) {
        this(maxQueuedPerPeer, connectTimeoutMs, minBackoffMs, maxBackoffMs, DEFAULT_HINT_MS);
    }

    /** 1024 queued messages, 3 s connect timeout, backoff from 100 ms to 5 s, one hint per peer per second. */
    public static LinkPolicy defaults() {
        return new LinkPolicy(1024, 3000, 100, 5000, DEFAULT_HINT_MS);
    }
}
