package org.vigne.sim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigne.sim.SimNode;
import org.vigne.sync.Outcome;
import org.vigne.sync.Participant;
import org.vigne.sync.SyncResult;
import org.vigne.sync.SyncState;
import org.vigne.sync.SyncStateMachine;

/**
 * Barriers and semaphores in the simulator under loss, duplication and crashes, with a safety
 * phase (faults) and a liveness phase (faults stop, everything must complete), every call checked
 * by the {@link SyncChecker}. Each failure message names the scenario and its seed.
 */
class SyncScenariosTest {

    /** The end of every scenario: nothing early, nothing granted twice, nobody still waiting, no permit lost. */
    private static void assertSafeAndLive(SyncTestbed bed, SyncWorkload w, int permits) {
        assertThat(bed.checker.violations()).as(bed.toString()).isEmpty();
        assertThat(w.refusals()).as("refusals in " + bed).isEmpty();
        assertThat(w.done()).as("every process finished its loops in " + bed).isTrue();
        assertThat(bed.checker.pendingSince(bed.sim.nowMs())).as("still waiting in " + bed).isEmpty();
        assertThat(bed.checker.releasesChecked()).as("releases checked in " + bed).isPositive();
        assertThat(bed.checker.grantsChecked()).as("grants checked in " + bed).isPositive();
        bed.run(5_000);
        SyncStateMachine state = bed.leaderState(SyncWorkload.APP);
        assertThat(state).as("a leader of the sync group in " + bed).isNotNull();
        assertThat(state.available(SyncWorkload.SEMAPHORE)).as("free permits at the end in " + bed).isEqualTo(permits);
    }

    @Test
    void underLossAndDuplication_nobodyIsReleasedEarly_noPermitIsGrantedTwice_andAllFinish() {
        SyncTestbed bed = new SyncTestbed("loss 5% and duplication 5%", 11, 40, 0.05, 0.05);
        SyncWorkload w = new SyncWorkload(bed, 8, 15, 3);

        w.start(List.of());

        assertThat(bed.runUntil(w::done, 600_000)).as("finished in " + bed).isTrue();
        assertSafeAndLive(bed, w, 3);
    }

    @Test
    void theNodesHoldingTheState_crashOneAfterAnother_leaderFirst_andTheBarriersCarryOn() {
        SyncTestbed bed = new SyncTestbed("the sync group's leader, then two more replicas, crash 25 s apart", 12, 40,
                0.02, 0);
        SyncWorkload w = new SyncWorkload(bed, 6, 60, 2);
        w.start(List.of());
        bed.run(8_000);
        int before = w.completedLoops();

        for (int i = 0; i < 3; i++) {
            List<SimNode> now = bed.replicaNodes(SyncWorkload.APP);
            now.removeAll(w.nodes());
            assertThat(now).as("replicas running no process in " + bed).isNotEmpty();
            bed.crashAndReplace(now.get(0), 3_000);
            bed.run(25_000);
        }

        assertThat(w.completedLoops()).as("loops done while the replicas crashed in " + bed).isGreaterThan(before + 8);
        assertThat(bed.runUntil(w::done, 600_000)).as("finished in " + bed).isTrue();
        assertThat(w.restarts()).as("no restart: no process was on a crashed node, no majority lost in " + bed).isZero();
        assertSafeAndLive(bed, w, 2);
    }

    @Test
    void aMajorityOfTheReplicasCrashAtOnce_theEpochBreaksLoudly_andTheApplicationRestartsAndFinishes() {
        SyncTestbed bed = new SyncTestbed("three of the five replicas crash at once", 15, 40, 0.02, 0);
        SyncWorkload w = new SyncWorkload(bed, 6, 30, 2);
        w.start(List.of());
        bed.run(8_000);
        List<SimNode> replicas = bed.replicaNodes(SyncWorkload.APP);
        replicas.removeAll(w.nodes());
        assertThat(replicas).as("replicas running no process in " + bed).hasSizeGreaterThanOrEqualTo(3);

        for (SimNode r : replicas.subList(0, 3)) {
            bed.crashAndReplace(r, 3_000);
        }

        assertThat(bed.runUntil(w::done, 600_000)).as("finished in " + bed).isTrue();
        assertThat(w.brokenEpochs()).as("the epoch broke (commands may have been lost) in " + bed).isPositive();
        assertSafeAndLive(bed, w, 2);
    }

    /**
     * Seeds 15, 17 and 21 lost every replica of the sync group, which could then never be created
     * again (its key in the DHT still named the lost generation): the application stalled for ever.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {13, 15, 17, 21})
    void nodesRunningProcessesAndHoldingTheStateCrash_theApplicationRestartsFromItsCheckpoints_andFinishes(long seed) {
        SyncTestbed bed = new SyncTestbed("a crash every 5 s for 60 s, processes' nodes and replicas in turn", seed, 50,
                0.02, 0.02);
        SyncWorkload w = new SyncWorkload(bed, 6, 40, 2);
        w.start(List.of());
        bed.run(5_000);
        for (int i = 0; i < 12; i++) {
            List<SimNode> targets = new ArrayList<>(i % 2 == 0 ? w.nodes() : bed.replicaNodes(SyncWorkload.APP));
            targets.removeIf(n -> !n.alive());
            if (!targets.isEmpty()) {
                bed.crashAndReplace(targets.get(bed.world.random().nextInt(targets.size())), 2_000);
            }
            bed.run(5_000);
        }

        assertThat(w.restarts()).as("restarts in " + bed).isGreaterThanOrEqualTo(6);
        assertThat(bed.runUntil(w::done, 900_000)).as("finished once crashes stopped in " + bed).isTrue();
        assertSafeAndLive(bed, w, 2);
    }

    @Test
    void aWaitersNodeCrashes_theManagerDeclaresItGone_theOthersAreNotBlocked_andItsPermitComesBack() {
        SyncTestbed bed = new SyncTestbed("process 0 crashes holding a permit; the manager declares it gone", 14, 30,
                0.02, 0);
        List<SimNode> nodes = new ArrayList<>();
        List<Participant> ps = new ArrayList<>();
        List<SyncResult> results = new ArrayList<>();
        SyncResult[] started = new SyncResult[1];
        bed.startEpoch("app", SyncState.fresh(0), r -> started[0] = new SyncResult(Outcome.DONE, 0, ""));
        assertThat(bed.runUntil(() -> started[0] != null, 60_000)).as(bed.toString()).isTrue();
        for (int i = 0; i < 3; i++) {
            nodes.add(bed.liveMember(nodes));
            ps.add(SyncTestbed.node(nodes.get(i)).sync().participant("app", i, 0));
        }
        ps.get(0).declare("s", 1, d -> {
            results.add(d);
            ps.get(0).acquire("s", 1, results::add);
        });
        assertThat(bed.runUntil(() -> results.size() == 2, 30_000)).as(bed.toString()).isTrue();
        ps.get(1).await("b", 3, results::add);
        ps.get(2).acquire("s", 1, results::add);
        bed.run(3_000);
        assertThat(results).as("nothing released nor granted while process 0 lives in " + bed).hasSize(2);

        bed.population.crash(nodes.get(0));
        SyncTestbed.node(nodes.get(1)).sync().control().gone("app", 0, 0, r -> { });

        assertThat(bed.runUntil(() -> results.size() == 4, 30_000)).as("answers after gone in " + bed).isTrue();
        assertThat(results.subList(2, 4)).extracting(SyncResult::outcome)
                .containsExactlyInAnyOrder(Outcome.BROKEN, Outcome.GRANTED);
        SyncResult broken = results.stream().filter(r -> r.outcome() == Outcome.BROKEN).findFirst().orElseThrow();
        assertThat(broken.detail()).isEqualTo("process 0 was declared gone in epoch 0");
    }
}
