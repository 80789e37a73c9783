package org.vigne.gcs.raft;

/**
 * Tunables of one group's log, counted in ticks of the node's group clock.
 *
 * @param electionTicks      a follower that hears nothing from a leader for a random time in
 *                           [electionTicks, 2 x electionTicks) ticks starts a (pre-)election; a leader
 *                           that has not heard from a quorum within electionTicks steps down (CheckQuorum)
 * @param heartbeatTicks     a leader of an active group sends heartbeats this often
 * @param snapshotRetryTicks a snapshot not acknowledged within this many ticks is sent again
 * @param maxAppendBytes     an append message stops growing past this many bytes of entries
 */
public record RaftConfig(int electionTicks, int heartbeatTicks, int snapshotRetryTicks, int maxAppendBytes) {
    public RaftConfig {
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, got " + heartbeatTicks
                    + " and " + electionTicks);
        }
        if (snapshotRetryTicks < 1 || maxAppendBytes < 1) {
            throw new IllegalArgumentException("snapshot retry and append size must be positive");
        }
    }

    /**
     * With a 250 ms tick: heartbeats every second, elections after 1.25 to 2.5 s of silence (a
     * follower times out only after missing a heartbeat; the first of the followers to time out
     * does so about 1.5 s after the last heartbeat, as etcd and CockroachDB do on a LAN).
     */
    public static RaftConfig defaults() {
        return new RaftConfig(5, 4, 8, 64 * 1024);
    }
}
