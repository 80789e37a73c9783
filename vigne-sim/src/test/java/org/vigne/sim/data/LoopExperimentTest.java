package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.sim.experiment.Progress;

/** The paper's application in the simulator, CI-sized: faults of every kind, every history checked. */
class LoopExperimentTest {

    static DataExperiment.Config config(ConsistencyProtocol p, int nodes, String churn, double loss, double dup,
                                        long seed, int writers, int readers, int loops) {
        return new DataExperiment.Config(nodes, churn, loss, dup, true, seed, 16, 0.2, p, readers, writers, loops,
                true, 6 * 3_600_000L);
    }

    /**
     * Runs {@code c} and checks that it did all its loops with every epoch's history linearizable,
     * no barrier released anyone early and every loop's two barriers completed.
     */
    static DataExperiment.Result runLinearizableToTheEnd(DataExperiment.Config c) {
        DataExperiment.Result r = new DataExperiment(c, Progress.silent()).run();
        String replay = "replay with: " + c.commandLine();
        assertThat(r.violations()).as(replay).isEmpty();
        assertThat(r.linearizabilityViolations()).as(replay).isZero();
        assertThat(r.linearizabilityUnknown()).as(replay).isZero();
        assertThat(r.completed()).as(replay).isTrue();
        assertThat(r.loopsCompleted()).as(replay).isEqualTo(c.loops());
        assertThat(r.syncViolations()).as(replay).isEmpty();
        assertThat(r.barrierViolations()).as(replay).isZero();
        assertThat(r.syncErrors()).as(replay).isZero();
        // two per loop; a restart may cut the one whose first release took the checkpoint
        assertThat(r.barrierEpisodes()).as("barrier episodes in " + replay)
                .isGreaterThanOrEqualTo(2L * c.loops() - r.restarts());
        return r;
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void loopsUnderLossDuplicationAndChurn_completeAndStayLinearizable(ConsistencyProtocol p) {
        DataExperiment.Config c = config(p, 100, "exp:3m", 0.05, 0.05, 2, 2, 12, 60);
        DataExperiment.Result r = runLinearizableToTheEnd(c);
        String replay = "replay with: " + c.commandLine();

        assertThat(r.checkedHistories()).as("one object checked per epoch in " + replay).isEqualTo(r.restarts() + 1);
        assertThat(r.restarts()).as("restarts (failed components) in " + replay).isPositive();
        assertThat(r.abandonedAccesses()).as("accesses cut by restarts in " + replay).isPositive();
        assertThat(r.retransmissions()).as("retransmissions under loss in " + replay).isPositive();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void concurrentWriters_neverPullMastershipBack_norSendRequestsRoundInCircles(ConsistencyProtocol p) {
        DataExperiment.Config c = config(p, 100, "none", 0, 0.1, 5, 8, 20, 30);
        DataExperiment.Result r = runLinearizableToTheEnd(c);
        String replay = "replay with: " + c.commandLine();

        assertThat(r.duplicateRequests()).as("duplicated write requests recognised in " + replay).isPositive();
        assertThat(r.unsolicitedMasterships()).as("mastership pulled back by a duplicate in " + replay).isZero();
        assertThat(r.droppedRequests()).as("requests dropped after too many hops in " + replay).isZero();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void memoryPerCopy_doesNotGrowWithTheNumberOfLoops(ConsistencyProtocol p) {
        DataExperiment.Result shortRun = new DataExperiment(config(p, 40, "none", 0.05, 0.05, 3, 1, 10, 10),
                Progress.silent()).run();
        DataExperiment.Result longRun = new DataExperiment(config(p, 40, "none", 0.05, 0.05, 3, 1, 10, 100),
                Progress.silent()).run();

        assertThat(longRun.linearizabilityViolations()).isZero();
        assertThat(longRun.accesses()).isGreaterThan(9 * shortRun.accesses());
        // A copy holds its copy set, queued requests and waiting accesses: at most one per component each.
        assertThat(longRun.maxCopyEntries()).isLessThanOrEqualTo(2 * 11).isGreaterThan(0);
        assertThat(longRun.maxCopyEntries()).isLessThanOrEqualTo(shortRun.maxCopyEntries() + 1);
        assertThat(longRun.maxManagerRecords()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void sameSeed_sameFigures(ConsistencyProtocol p) {
        DataExperiment.Config c = config(p, 40, "exp:2m", 0.02, 0, 4, 1, 6, 15);
        DataExperiment.Result a = new DataExperiment(c, Progress.silent()).run();
        DataExperiment.Result b = new DataExperiment(c, Progress.silent()).run();

        assertThat(b.events()).isEqualTo(a.events());
        assertThat(b.simulatedSeconds()).isEqualTo(a.simulatedSeconds());
        assertThat(b.loopsByMinute()).isEqualTo(a.loopsByMinute());
        assertThat(b.messagesPerAccess()).isEqualTo(a.messagesPerAccess());
        assertThat(b.historyOps()).isEqualTo(a.historyOps());
    }

    @Test
    void checkpointCost_holdsTheApplicationUpOnceBetweenLoops() {
        DataExperiment.Config free = new DataExperiment.Config(40, "none", 0, 0, true, 6, 16, 0.2,
                ConsistencyProtocol.DYN, 5, 1, 10, true, 3_600_000L, 0, 3, 5);
        DataExperiment.Config costly = new DataExperiment.Config(40, "none", 0, 0, true, 6, 16, 0.2,
                ConsistencyProtocol.DYN, 5, 1, 10, true, 3_600_000L, 2_000, 3, 5);

        DataExperiment.Result a = runLinearizableToTheEnd(free);
        DataExperiment.Result b = runLinearizableToTheEnd(costly);

        // nine checkpoints between ten loops, 2 s each; loops themselves take about a second, give or take
        assertThat(b.simulatedSeconds() - a.simulatedSeconds()).as("replay with: " + costly.commandLine())
                .isBetween(9 * 2.0 - 3, 9 * 2.0 + 3);
    }
}
