package org.vigne.gcs;

import org.vigne.gcs.raft.RaftConfig;

/**
 * Tunables of group communication, with the defaults used everywhere (simulator and real nodes).
 *
 * @param tickMs            period of the node's one group clock, which drives every active group
 * @param raft              the log's tunables, in ticks
 * @param quiesceAfterTicks a leader whose group has been idle and in order this long tells it to go quiet
 * @param maxCommandBytes   largest command accepted; larger is refused with {@code TOO_LARGE}
 * @param submitRetryMs     a submitter re-sends an unanswered command this often (same client and sequence)
 * @param submitTimeoutMs   a submission not answered by then completes with {@code TIMEOUT}
 * @param sessionTtlMs      a client silent for this long (group clock) loses its session; far above the timeout
 * @param logRetain         entries kept behind the applied index for followers that lag a little
 * @param outputWindow      entries whose outputs a new leader may re-send (bounds receivers' memory too)
 * @param dedupMemory       output ids a receiving node remembers to drop copies
 * @param maxPendingPerGroup proposals a leader keeps waiting for their application, and submits a follower buffers
 * @param recoveryGraceMs   a member that sees a majority of its group declared dead waits this long before rebuilding
 * @param orphanTicks       a replica left out of its own configuration drops itself after this long without a leader
 */
public record GcsConfig(long tickMs, RaftConfig raft, int quiesceAfterTicks, int maxCommandBytes, long submitRetryMs,
                        long submitTimeoutMs, long sessionTtlMs, int logRetain, int outputWindow, int dedupMemory,
                        int maxPendingPerGroup, long recoveryGraceMs, int orphanTicks) {
    public GcsConfig {
        if (tickMs < 1 || quiesceAfterTicks < 1 || maxCommandBytes < 0 || logRetain < 1 || outputWindow < 1
                || dedupMemory < 1 || maxPendingPerGroup < 1 || orphanTicks < 1) {
            throw new IllegalArgumentException("group communication sizes and periods must be positive");
        }
        if (submitRetryMs < 1 || submitTimeoutMs < submitRetryMs || sessionTtlMs < 4 * submitTimeoutMs
                || recoveryGraceMs < 0) {
            throw new IllegalArgumentException("need 0 < submitRetryMs <= submitTimeoutMs <= sessionTtlMs / 4");
        }
    }

    /**
     * The defaults: a 250 ms clock; heartbeats every second and elections after 1.25 to 2.5 s of
     * silence while a group is active; groups quiet after 2 minutes without commands (so a group
     * commanded every minute or so keeps its fast failover), 1 MiB commands.
     */
    public static GcsConfig defaults() {
        return new GcsConfig(250, RaftConfig.defaults(), 480, 1 << 20, 1_000, 15_000, 600_000, 32, 32, 65_536,
                1024, 20_000, 120);
    }

    public GcsConfig withQuiesceAfterTicks(int ticks) {
        return new GcsConfig(tickMs, raft, ticks, maxCommandBytes, submitRetryMs, submitTimeoutMs, sessionTtlMs,
                logRetain, outputWindow, dedupMemory, maxPendingPerGroup, recoveryGraceMs, orphanTicks);
    }

    public GcsConfig withRecoveryGraceMs(long ms) {
        return new GcsConfig(tickMs, raft, quiesceAfterTicks, maxCommandBytes, submitRetryMs, submitTimeoutMs,
                sessionTtlMs, logRetain, outputWindow, dedupMemory, maxPendingPerGroup, ms, orphanTicks);
    }
}
