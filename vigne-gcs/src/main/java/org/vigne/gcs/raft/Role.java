package org.vigne.gcs.raft;

/** The role of one replica in its group's current term. */
public enum Role {
    /** Follows the leader of the term (or waits to hear of one); times out into an election. */
    FOLLOWER,
    /** Asks whether it could win an election (PreVote), without bumping its term: a partitioned replica cannot disrupt the group. */
    PRE_CANDIDATE,
    /** Won the pre-vote, bumped its term and asks for votes. */
    CANDIDATE,
    /** Won the term: appends client commands and replicates its log. */
    LEADER
}
