package org.vigne.sync;

/**
 * Tunables of the synchronisation service, the same on every node.
 *
 * @param replicas      replicas of every application's sync group (the degree of the {@code sync} DHT)
 * @param retryMs       a participant re-sends an operation not answered after this long...
 * @param maxRetryMs    ...doubling the wait up to this (a barrier may wait long for a slow party)
 * @param maxBatchOps   operations a combining node packs into one command of the group's log
 */
public record SyncConfig(int replicas, long retryMs, long maxRetryMs, int maxBatchOps) {
    /** The kind of group (and name of the DHT) that holds applications' barriers and semaphores. */
    public static final String KIND = "sync";

    public SyncConfig {
        if (replicas < 1 || retryMs < 1 || maxRetryMs < retryMs || maxBatchOps < 1) {
            throw new IllegalArgumentException("sync replicas, retry periods and batch size must be positive");
        }
    }

    /** Five replicas like application managers; re-sends after 1 s, then 2 s, then every 4 s. */
    public static SyncConfig defaults() {
        return new SyncConfig(5, 1_000, 4_000, 2_048);
    }
}
