package org.vigne.net.transport;

/**
 * How a node treats its outgoing connections.
 *
 * @param maxQueuedBytesPerPeer bytes of encoded messages kept while a connection is being opened;
 *     more are dropped (counted in bytes, not messages, so a few large values cannot hold a lot
 *     of memory per peer)
 * @param connectTimeoutMs how long a TCP connect may take
 * @param minBackoffMs wait after a first failed connection before trying that peer again
 * @param maxBackoffMs longest wait, reached by doubling, so a dead peer costs one attempt per period
 * @param unreachableHintMs at most one "peer unreachable" hint per peer this often, so a dead
 *     peer cannot flood the overlay with hints
 * @param idleMs a link nothing was sent on for this long is closed and forgotten (without an
 *     unreachable hint), so links to departed peers do not pile up
 */
public record LinkPolicy(int maxQueuedBytesPerPeer, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs,
                         long unreachableHintMs, long idleMs) {
    /** Default period of unreachable hints per peer. */
    public static final long DEFAULT_HINT_MS = 1000;
    /** Default queue while connecting: two messages of the largest default frame. */
    public static final int DEFAULT_QUEUED_BYTES = 4 << 20;
    /** Smallest queue accepted; also catches a policy written when the queue counted messages. */
    public static final int MIN_QUEUED_BYTES = 64 << 10;
    /** Default idle time before a link is closed: longer than any periodic probe of the overlay. */
    public static final long DEFAULT_IDLE_MS = 15 * 60_000;

    public LinkPolicy {
        if (maxQueuedBytesPerPeer < MIN_QUEUED_BYTES) {
            throw new IllegalArgumentException("the queue of a connecting peer is counted in bytes and must hold at least "
                    + MIN_QUEUED_BYTES + ", got " + maxQueuedBytesPerPeer);
        }
        if (connectTimeoutMs < 1 || minBackoffMs < 1 || maxBackoffMs < minBackoffMs || unreachableHintMs < 1 || idleMs < 1) {
            throw new IllegalArgumentException("invalid link policy: connect " + connectTimeoutMs + " ms, backoff "
                    + minBackoffMs + ".." + maxBackoffMs + " ms, hints every " + unreachableHintMs + " ms, idle "
                    + idleMs + " ms");
        }
    }

    /** A policy with the default idle time. */
    public LinkPolicy(int maxQueuedBytesPerPeer, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs,
                      long unreachableHintMs) {
        this(maxQueuedBytesPerPeer, connectTimeoutMs, minBackoffMs, maxBackoffMs, unreachableHintMs, DEFAULT_IDLE_MS);
    }

    /** A policy with the default hint period of one second and the default idle time. */
    public LinkPolicy(int maxQueuedBytesPerPeer, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs) {
        this(maxQueuedBytesPerPeer, connectTimeoutMs, minBackoffMs, maxBackoffMs, DEFAULT_HINT_MS);
    }

    /**
     * 4 MiB queued per connecting peer, 3 s connect timeout, backoff from 100 ms to 5 s, one hint
     * per peer per second, links idle for 15 minutes closed.
     */
    public static LinkPolicy defaults() {
        return new LinkPolicy(DEFAULT_QUEUED_BYTES, 3000, 100, 5000, DEFAULT_HINT_MS, DEFAULT_IDLE_MS);
    }

    /** This policy with another idle time. */
    public LinkPolicy withIdleMs(long ms) {
        return new LinkPolicy(maxQueuedBytesPerPeer, connectTimeoutMs, minBackoffMs, maxBackoffMs, unreachableHintMs, ms);
    }
}
