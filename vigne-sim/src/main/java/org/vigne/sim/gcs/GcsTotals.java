package org.vigne.sim.gcs;

import java.util.ArrayList;
import java.util.List;
import org.vigne.sim.experiment.Stats;

/** The figures of one or more seeds of {@code vigne sim gcs}, added up as the runs go. */
final class GcsTotals {
    long submitted;
    long acked;
    long failed;
    long submitterDied;
    long violations;
    long duplicateApplies;
    long lostInRebuilds;
    long lostInGoneGroups;
    long notHeld;
    long recoveries;
    long majorityLosses;
    long groupsGone;
    long groupsCreated;
    long groupsCreateFailed;
    long leaderChanges;
    long leaderDepartures;
    long failoversUnresolved;
    long gcsBytes;
    long gcsMessages;
    final MessageMix mix = new MessageMix();
    long maintenanceBytes;
    double liveNodeSeconds;
    long joins;
    long crashes;
    long leaves;
    long malformed;
    long stateMachineErrors;
    long activeGroupsAtEnd;
    long replicasAtEnd;
    long events;
    double wallSeconds;
    boolean converged = true;
    final Stats commitLatency = new Stats();
    final Stats failovers = new Stats();
    final List<Long> failedSeeds = new ArrayList<>();
    final List<String> firstViolations = new ArrayList<>();
}
