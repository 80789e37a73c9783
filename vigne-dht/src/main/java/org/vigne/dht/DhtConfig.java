package org.vigne.dht;

/**
 * Tunables of the DHT service, with the defaults used everywhere (simulator and real nodes alike).
 *
 * @param maxValueBytes    largest value a put accepts; larger is refused with {@code TOO_LARGE}
 * @param opTimeoutMs      an operation not answered by then completes with {@code TIMEOUT}
 * @param opRetryMs        a client re-routes an unanswered request this often (same request id)
 * @param storeRetryMs     a root re-sends a write to replicas that have not acknowledged it this often
 * @param syncTimeoutMs    a root that syncs a key with the other replicas waits at most this long
 * @param antiEntropyMs    period of the anti-entropy round (digests, hand-offs, tombstone collection); the
 *                         digests are also the heartbeats by which the DHT suspects a silent neighbour
 * @param reactDelayMs     leaf-set changes are batched: keys are re-placed this long after the first one
 * @param tombstoneTtlMs   a removed key's tombstone is kept this long, so anti-entropy never resurrects it
 * @param leaveTimeoutMs   a graceful leave gives up waiting for hand-off acknowledgements after this long
 * @param maxPendingOps    bound on operations in flight per node (as client, and as root); beyond it, {@code UNAVAILABLE}
 * @param maxTransferBytes a batch of values sent in one message stops growing past this size
 */
public record DhtConfig(
        int maxValueBytes,
        long opTimeoutMs,
        long opRetryMs,
        long storeRetryMs,
        long syncTimeoutMs,
        long antiEntropyMs,
        long reactDelayMs,
        long tombstoneTtlMs,
        long leaveTimeoutMs,
        int maxPendingOps,
        int maxTransferBytes) {

    /** Replication degree of a DHT created without one. */
    public static final int DEFAULT_REPLICAS = 3;

    public DhtConfig {
        if (maxValueBytes < 0 || maxPendingOps < 1 || maxTransferBytes < 1) {
            throw new IllegalArgumentException("DHT sizes and bounds must be positive");
        }
        if (opTimeoutMs <= 0 || opRetryMs <= 0 || storeRetryMs <= 0 || syncTimeoutMs <= 0 || antiEntropyMs <= 0
                || reactDelayMs < 0 || tombstoneTtlMs <= 0 || leaveTimeoutMs <= 0) {
            throw new IllegalArgumentException("DHT periods and timeouts must be positive");
        }
    }

    /** The defaults: 1 MiB values, 10 s operation timeout, anti-entropy every 10 s, tombstones kept 1 h. */
    public static DhtConfig defaults() {
        return new DhtConfig(1 << 20, 10_000, 3_000, 1_000, 1_500, 10_000, 1_000, 3_600_000, 5_000, 10_000,
                256 * 1024);
    }

    /** This configuration with another value bound. */
    public DhtConfig withMaxValueBytes(int bytes) {
        return new DhtConfig(bytes, opTimeoutMs, opRetryMs, storeRetryMs, syncTimeoutMs, antiEntropyMs, reactDelayMs,
                tombstoneTtlMs, leaveTimeoutMs, maxPendingOps, maxTransferBytes);
    }

    /** This configuration with another anti-entropy period. */
    public DhtConfig withAntiEntropyMs(long ms) {
        return new DhtConfig(maxValueBytes, opTimeoutMs, opRetryMs, storeRetryMs, syncTimeoutMs, ms, reactDelayMs,
                tombstoneTtlMs, leaveTimeoutMs, maxPendingOps, maxTransferBytes);
    }
}
