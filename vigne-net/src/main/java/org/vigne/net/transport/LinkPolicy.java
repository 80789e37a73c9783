package org.vigne.net.transport;

/**
 * How a node treats its outgoing connections.
 *
 * @param maxQueuedPerPeer messages kept while a connection is being opened; more are dropped
 * @param connectTimeoutMs how long a TCP connect may take
 * @param minBackoffMs wait after a first failed connection before trying that peer again
 * @param maxBackoffMs longest wait, reached by doubling, so a dead peer costs one attempt per period
 */
public record LinkPolicy(int maxQueuedPerPeer, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs) {
    public LinkPolicy {
        if (maxQueuedPerPeer < 1 || connectTimeoutMs < 1 || minBackoffMs < 1 || maxBackoffMs < minBackoffMs) {
            throw new IllegalArgumentException("invalid link policy: " + maxQueuedPerPeer + " queued, connect "
                    + connectTimeoutMs + " ms, backoff " + minBackoffMs + ".." + maxBackoffMs + " ms");
        }
    }

    /** 1024 queued messages, 3 s connect timeout, backoff from 100 ms to 5 s. */
    public static LinkPolicy defaults() {
        return new LinkPolicy(1024, 3000, 100, 5000);
    }
}
