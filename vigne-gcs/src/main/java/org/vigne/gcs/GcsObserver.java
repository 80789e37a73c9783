package org.vigne.gcs;

import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/**
 * What happens inside one node's groups, for invariant checkers and measurement (the simulator's
 * checker implements it); never needed for correctness, and the protocol never reads it back.
 * Called synchronously on the node's event loop. All methods have empty defaults.
 */
public interface GcsObserver {
    GcsObserver NONE = new GcsObserver() {
    };

    /**
     * Replica {@code member} of {@code group} applied log entry {@code e} (any kind) in
     * {@code generation}; {@code reachedStateMachine} is false for a command that client sessions
     * recognised as a retry (and for entries that are not commands).
     */
    default void applied(GroupId group, long generation, Member member, Entry e, boolean reachedStateMachine) {
    }

    /** Replica {@code member} replaced its state by a snapshot at {@code index} of {@code generation}. */
    default void restored(GroupId group, long generation, Member member, long index) {
    }

    /** {@code member} became leader of {@code term} in {@code generation}. */
    default void leader(GroupId group, long generation, long term, Member member) {
    }

    /** {@code member} appended a configuration: it is in force there from now on. */
    default void configuration(GroupId group, long generation, Member member, long index, Configuration config) {
    }

    /** This node's submission of (client, seq) to {@code group} completed with {@code result}. */
    default void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult result) {
    }

    /**
     * {@code member} rebuilt {@code group} after its majority was lost: generation {@code generation}
     * starts from the state that generation {@code parent} had at {@code baseIndex}.
     */
    default void rebuilt(GroupId group, long generation, long parent, Member member, long baseIndex) {
    }

    /** Replica {@code member} of {@code group} was dropped from this node (removed, replaced or stopped). */
    default void dropped(GroupId group, long generation, Member member) {
    }
}
