package org.vigne.data;

/**
 * Tunables of the volatile data management service, with the defaults used everywhere.
 *
 * @param maxValueBytes      largest value a write accepts; larger is refused with {@code TOO_LARGE}
 * @param opTimeoutMs        a client operation not done by then completes with {@code TIMEOUT}
 * @param minRetryMs         lower bound of a retransmission timeout (request, invalidation, hand-off)
 * @param maxRetryMs         upper bound of a retransmission timeout, and its value before any sample
 * @param publishPeriodMs    a master publishes its location to the object manager this often
 * @param managerPersistMs   an object manager writes a changed record to the objects DHT at most this often
 * @param managerIdleMs      an object manager forgets a record nobody used or refreshed for this long
 * @param maxForwardHops     an access request forwarded more often than this is dropped (chains may loop)
 * @param maxQueuedRequests  requests a busy master keeps waiting; more are dropped (requesters retransmit)
 * @param maxLocalOps        client operations waiting on one copy; more are refused with {@code BUSY}
 * @param managerReplicas    replication degree of the objects DHT that keeps manager records
 */
public record DataConfig(
        int maxValueBytes,
        long opTimeoutMs,
        long minRetryMs,
        long maxRetryMs,
        long publishPeriodMs,
        long managerPersistMs,
        long managerIdleMs,
        int maxForwardHops,
        int maxQueuedRequests,
        int maxLocalOps,
        int managerReplicas) {

    /** Name of the DHT holding object-manager records. */
    public static final String OBJECTS_DHT = "objects";

    public DataConfig {
        if (maxValueBytes < 0 || maxForwardHops < 1 || maxQueuedRequests < 1 || maxLocalOps < 1
                || managerReplicas < 1) {
            throw new IllegalArgumentException("data-service sizes and bounds must be positive");
        }
        if (opTimeoutMs <= 0 || minRetryMs <= 0 || maxRetryMs < minRetryMs || publishPeriodMs <= 0
                || managerPersistMs <= 0 || managerIdleMs <= 0) {
            throw new IllegalArgumentException("data-service periods and timeouts must be positive");
        }
    }

    /** 1 MiB values, 60 s operations, retransmissions between 100 ms and 3 s, publication every 10 s. */
    public static DataConfig defaults() {
        return new DataConfig(1 << 20, 60_000, 100, 3_000, 10_000, 5_000, 600_000, 32, 1024, 1024, 3);
    }

    /** This configuration with another value bound. */
    public DataConfig withMaxValueBytes(int bytes) {
        return new DataConfig(bytes, opTimeoutMs, minRetryMs, maxRetryMs, publishPeriodMs, managerPersistMs,
                managerIdleMs, maxForwardHops, maxQueuedRequests, maxLocalOps, managerReplicas);
    }

    /** This configuration with another operation timeout. */
    public DataConfig withOpTimeoutMs(long ms) {
        return new DataConfig(maxValueBytes, ms, minRetryMs, maxRetryMs, publishPeriodMs, managerPersistMs,
                managerIdleMs, maxForwardHops, maxQueuedRequests, maxLocalOps, managerReplicas);
    }

    /** This configuration with another replication degree of the objects DHT. */
    public DataConfig withManagerReplicas(int replicas) {
        return new DataConfig(maxValueBytes, opTimeoutMs, minRetryMs, maxRetryMs, publishPeriodMs, managerPersistMs,
                managerIdleMs, maxForwardHops, maxQueuedRequests, maxLocalOps, replicas);
    }
}
