package org.vigne.apps.node;

/**
 * Tunables of application management on a node, with the defaults used everywhere.
 *
 * @param slots               slots this node offers to components (a component takes {@code slots} of them)
 * @param managerReplicas     replicas of every application manager (the application-manager DHT's degree)
 * @param snapshotReplicas    degree of the DHT that keeps managers' snapshots
 * @param heartbeatMs         a host beats for its instances to their managers this often (one message per manager node)
 * @param suspectAfterMs      a leader suspects an instance whose host has not beaten for it this long
 * @param launchGraceMs       a host must beat for an instance this long after its placement was committed
 * @param takeoverGraceMs     a new leader waits this long before suspecting anyone (hosts learn of it first)
 * @param leaseMs             a slot reservation not followed by a launch is freed after this long
 * @param placementWaitMs     a placement round waits this long for grants before trying other nodes
 * @param placementFanout     slot requests routed to random keys per pending component and round
 * @param neighbourFanout     leaf-set neighbours a full node passes a routed slot request to
 * @param placementRounds     rounds without a grant before the manager records the application as pending
 * @param maxPlacementPauseMs longest pause between placement attempts of an unplaceable application
 * @param driverTickMs        period of the node's one driver clock (timeouts, placement, snapshots)
 * @param snapshotEveryMs     a leader writes its manager's snapshot at most this often (final states at once);
 *                            0: after every change, one write at a time
 * @param reportRetryMs       first pause before a host re-sends an unacknowledged report (doubling to 30 s)
 * @param auditEveryMs        a snapshot's root checks this often that the manager's group still exists
 */
public record AppsConfig(int slots, int managerReplicas, int snapshotReplicas, long heartbeatMs, long suspectAfterMs,
                         long launchGraceMs, long takeoverGraceMs, long leaseMs, long placementWaitMs,
                         int placementFanout, int neighbourFanout, int placementRounds, long maxPlacementPauseMs,
                         long driverTickMs, long snapshotEveryMs, long reportRetryMs, long auditEveryMs) {
    public AppsConfig {
        if (slots < 0 || managerReplicas < 1 || snapshotReplicas < 1 || placementFanout < 1 || neighbourFanout < 0
                || placementRounds < 1) {
            throw new IllegalArgumentException("slots, replicas and fan-outs must be positive");
        }
        if (heartbeatMs < 1 || suspectAfterMs <= heartbeatMs || launchGraceMs < 1 || takeoverGraceMs < 0 || leaseMs < 1
                || placementWaitMs < 1 || maxPlacementPauseMs < placementWaitMs || driverTickMs < 1
                || snapshotEveryMs < 0 || reportRetryMs < 1 || auditEveryMs < 1) {
            throw new IllegalArgumentException("application management periods must be positive,"
                    + " and suspicion slower than heartbeats");
        }
    }

    /**
     * The defaults: beats every second, suspicion after 3 s of silence, 5 manager replicas and 5
     * snapshot copies, a snapshot after every change, 20 s leases, placement rounds of 1.5 s with 3
     * routed requests each.
     */
    public static AppsConfig defaults(int slots) {
        return new AppsConfig(slots, 5, 5, 1_000, 3_000, 10_000, 4_000, 20_000, 1_500, 3, 4, 3, 30_000, 500, 0,
                1_000, 60_000);
    }

    public AppsConfig withSnapshotEveryMs(long ms) {
        return new AppsConfig(slots, managerReplicas, snapshotReplicas, heartbeatMs, suspectAfterMs, launchGraceMs,
                takeoverGraceMs, leaseMs, placementWaitMs, placementFanout, neighbourFanout, placementRounds,
                maxPlacementPauseMs, driverTickMs, ms, reportRetryMs, auditEveryMs);
    }

    public AppsConfig withSlots(int n) {
        return new AppsConfig(n, managerReplicas, snapshotReplicas, heartbeatMs, suspectAfterMs, launchGraceMs,
                takeoverGraceMs, leaseMs, placementWaitMs, placementFanout, neighbourFanout, placementRounds,
                maxPlacementPauseMs, driverTickMs, snapshotEveryMs, reportRetryMs, auditEveryMs);
    }
}
