package org.vigne.apps.node;

/** What a node's leader-side drivers did, for experiments and tools; never read by the protocol. */
public final class DriverCounters {
    public long commands;
    public long commandsFailed;
    public long takeovers;
    public long slotRequests;
    public long placementsProposed;
    public long placementRoundsFailed;
    public long slotsReleased;
    public long suspicions;
    /** Silent hosts reported to the overlay's failure detector (each report is a probe, not a suspicion). */
    public long hostsReported;
    public long snapshotsWritten;
    public long rebuildsAttempted;
    public long rebuildsDone;
    /** {@link AppsMessage.ViewChanged} notices sent. */
    public long viewNotices;
}
