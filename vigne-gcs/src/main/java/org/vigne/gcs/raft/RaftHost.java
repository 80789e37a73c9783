package org.vigne.gcs.raft;

/**
 * What a {@link RaftReplica} needs from the group that hosts it: sending, the state machine's
 * snapshot bytes, and being told about snapshots installed and roles taken. Called synchronously
 * from the replica's methods, on the node's event loop.
 */
public interface RaftHost {
    /** Sends {@code msg} to member {@code to}, best effort. */
    void send(Member to, RaftMessage msg);

    /** The state machine's bytes at the replica's applied index, for a follower that needs a snapshot. */
    byte[] snapshotData();

    /** A snapshot from the leader replaced the log: restore the state machine from its bytes. */
    void restore(Snapshot snapshot);

    /** The replica took {@code role} in {@code term}; {@code leader} is the known leader (or null). */
    void roleChanged(Role role, long term, Member leader);
}
