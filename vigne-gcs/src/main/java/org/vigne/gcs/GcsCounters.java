package org.vigne.gcs;

/** What one node's group communication counted; for measurement and logs. */
public final class GcsCounters {
    /** Commands this node's leaders appended to their logs. */
    public long proposals;
    /** Commands client sessions answered from their record instead of applying again. */
    public long retriesAnswered;
    /** Submits refused: too large, unknown kind, too many pending. */
    public long refused;
    /** Messages for a group this node does not host, or for a member it no longer is. */
    public long unknownGroup;
    /** Messages of an older generation of a group, or of another group with the same name. */
    public long staleGeneration;
    /** Messages that failed validation (a peer's bytes never throw out of a handler). */
    public long malformed;
    /**
     * Messages whose handling threw although they passed validation: a gap in the checks, caught
     * at the handler's edge so the node goes on; tests and experiments require zero.
     */
    public long handlerErrors;
    /** Log messages dropped by the replicas themselves (stale term, unexpected in the role). */
    public long raftDropped;
    /** Vote requests from members no longer in the configuration, answered with NotMember. */
    public long notMember;
    /** State machine calls that threw (counted, then the replica went on). */
    public long stateMachineErrors;
    /** Configuration changes this node's leaders proposed. */
    public long configChanges;
    /** Groups rebuilt here after losing their majority. */
    public long recoveries;
    /** Outputs sent (first sends and re-sends) and given up (target dead or silent). */
    public long outputsSent;
    public long outputsAbandoned;
    /** Outputs received, and copies of them dropped. */
    public long outputsDelivered;
    public long outputDuplicates;
    /** Replicas created here (creation, snapshot) and dropped (removed, replaced). */
    public long replicasCreated;
    public long replicasDropped;
    /** Followers told by a new incarnation of their leader's node that their leader is gone. */
    public long leaderNodeRestarts;
    /** Times a quiescent group woke up. */
    public long wakes;
    /** Ticks on which the node's group clock ran (the ticks with work; the others are only counted). */
    public long clockTicks;
}
