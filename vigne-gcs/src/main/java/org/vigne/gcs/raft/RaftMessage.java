package org.vigne.gcs.raft;

import java.util.List;
import org.vigne.core.Message;

/**
 * The messages between the replicas of one group, as etcd's raft package names them. They travel
 * inside a group envelope (which says which group, generation and members), so their sizes count
 * their own fields only: 8 bytes per long, 1 per flag, entries and snapshots by their own sizes.
 */
public sealed interface RaftMessage extends Message {
    /** The sender's term. */
    long term();

    /** True when the fields a peer could garble are consistent (never throws). */
    default boolean wellFormed() {
        return term() >= 0;
    }

    /**
     * Leader to follower: {@code entries} follow the entry at {@code prevIndex} of term
     * {@code prevTerm}; the leader has committed up to {@code commit}.
     */
    record Append(long term, long prevIndex, long prevTerm, List<Entry> entries, long commit) implements RaftMessage {
        @Override
        public boolean wellFormed() {
            if (term <= 0 || prevIndex < 0 || prevTerm < 0 || commit < 0 || entries == null) {
                return false;
            }
            long expect = prevIndex + 1;
            for (Entry e : entries) {
                if (e == null || !e.wellFormed() || e.index() != expect++ || e.term() > term) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int sizeBytes() {
            int n = 8 + 8 + 8 + 4 + 8;
            for (Entry e : entries) {
                n += e.sizeBytes();
            }
            return n;
        }
    }

    /**
     * Follower to leader: its log now matches up to {@code index}; or, when {@code reject}, it does
     * not hold the leader's entry at {@code index}, and its log's best guess of the last matching
     * entry is ({@code rejectHint}, {@code hintTerm}).
     */
    record AppendResponse(long term, long index, boolean reject, long rejectHint, long hintTerm) implements RaftMessage {
        @Override
        public int sizeBytes() {
            return 8 + 8 + 1 + 8 + 8;
        }
    }

    /**
     * Candidate to voter: a (pre-)vote request for {@code term}. {@code transfer} marks a campaign
     * the leader asked for (leadership transfer), which ignores leader leases.
     */
    record Vote(long term, boolean pre, boolean transfer, long lastIndex, long lastTerm) implements RaftMessage {
        @Override
        public int sizeBytes() {
            return 8 + 1 + 1 + 8 + 8;
        }
    }

    /** Voter to candidate: the (pre-)vote for {@code term}, granted or not. */
    record VoteResponse(long term, boolean pre, boolean granted) implements RaftMessage {
        @Override
        public int sizeBytes() {
            return 8 + 1 + 1;
        }
    }

    /** Leader to a follower that lags behind the leader's compacted log: start from this snapshot. */
    record InstallSnapshot(long term, Snapshot snapshot) implements RaftMessage {
        @Override
        public boolean wellFormed() {
            return term > 0 && snapshot != null && snapshot.wellFormed();
        }

        @Override
        public int sizeBytes() {
            return 8 + snapshot.sizeBytes();
        }
    }

    /** Leader to the member it hands leadership to: campaign now. */
    record TimeoutNow(long term) implements RaftMessage {
        @Override
        public int sizeBytes() {
            return 8;
        }
    }

    /**
     * Leader to follower, periodically while the group is active: the leader is alive, and its
     * commit index is {@code commit} (never beyond what the follower is known to hold).
     * {@code quiesce} tells an up-to-date follower that the group goes quiet.
     */
    record Heartbeat(long term, long commit, boolean quiesce) implements RaftMessage {
        @Override
        public int sizeBytes() {
            return 8 + 8 + 1;
        }
    }

    /** Follower to leader: heard you (feeds the leader's check that a quorum is still there). */
    record HeartbeatResponse(long term) implements RaftMessage {
        @Override
        public int sizeBytes() {
            return 8;
        }
    }
}
