package org.vigne.sync;

/** What one node's synchronisation service counted; for measurement and logs. */
public final class SyncCounters {
    /** Operations participants on this node started, and re-sends of them. */
    public long operations;
    public long retries;
    /** Requests this node sent straight to a combining node, routed to a group key, or passed on to the leader. */
    public long sentDirect;
    public long routed;
    public long forwarded;
    /** Commands this node submitted to sync groups as a combining node, the operations in them, and failed ones. */
    public long batches;
    public long batchedOps;
    public long batchFailures;
    /** Commands sent alongside one in flight because they complete a barrier generation. */
    public long earlyCommands;
    /** Operations dropped while queued because the same one was already queued (a retry). */
    public long duplicatesCombined;
    /** Answers that completed an operation here, and answers for operations no longer pending. */
    public long answered;
    public long unmatchedAnswers;
    /** Outputs or messages that could not be decoded. */
    public long malformed;
}
