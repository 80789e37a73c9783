package org.vigne.sim.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.AppState;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ComponentPhase;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.node.ApiResult;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.Components;
import org.vigne.apps.spec.DataProtocol;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.RestartLimits;
import org.vigne.sim.SimNode;

/** Scripted application scenarios on a small simulated grid, each named after what it shows. */
class AppsScenarioTest {
    private static final long WORK_MS = 4 * 60_000;
    private static final long CHECKPOINT_MS = 60_000;

    private static AppsTestbed testbed(String scenario, long seed) {
        return new AppsTestbed(scenario, seed, 16, AppsNode.Setup.defaults(ProcessModel.uniform(WORK_MS, CHECKPOINT_MS), 2));
    }

    private static ApplicationSpec spec(int components, FaultPolicy policy) {
        return new ApplicationSpec("job", new Components.Replicated(components, ComponentSpec.of(List.of("work"))), policy,
                DataProtocol.DYN);
    }

    private static FaultPolicy restart() {
        return new FaultPolicy.Restart(FaultPolicy.Scope.COMPONENT, RestartLimits.defaults());
    }

    private static SimNode awaitHost(AppsTestbed t, InstanceId id) {
        t.runUntil(() -> t.hostOf(id) != null && !t.executions(id.appId(), id.component(), ExecutionEvent.Type.STARTED)
                .isEmpty(), 60_000);
        SimNode host = t.hostOf(id);
        assertThat(host).as(t + ": " + id + " never ran").isNotNull();
        return host;
    }

    @Test
    void hostCrash_componentRunsAgainOnAnotherNodeWithinSeconds_andCompletesOnce() {
        AppsTestbed t = testbed("host crash", 12);
        String app = t.submit(spec(2, restart()));
        SimNode host = awaitHost(t, new InstanceId(app, 0, 0));
        t.run(30_000);
        long crashAt = t.sim.nowMs();
        t.crash(host);

        assertThat(t.awaitFinal(app, 20 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        List<ExecutionEvent> starts = t.executions(app, 0, ExecutionEvent.Type.STARTED);
        assertThat(starts).as(t + " starts of component 0").hasSizeGreaterThanOrEqualTo(2);
        ExecutionEvent again = starts.get(1);
        assertThat(again.instance().incarnation()).isEqualTo(1);
        assertThat(again.node().id()).isNotEqualTo(host.self().id());
        assertThat(again.timeMs() - crashAt).as(t + " crash to running again, ms").isLessThan(8_000);
        assertThat(t.ledger.restartDelays().count()).isEqualTo(1);
        AppStatus s = t.status(app);
        assertThat(s.events()).filteredOn(e -> e.type() == ManagerEvent.Type.COMPLETED).hasSize(2);
        assertThat(s.components().get(0).nodeLosses()).isEqualTo(1);
        t.assertSafe();
    }

    @Test
    void aHostCutOffAndBack_itsOldIncarnationsSuccessIsFenced_theNewOneCompletes() {
        AppsTestbed t = testbed("partitioned host", 19);
        String app = t.submit(spec(1, restart()));
        InstanceId first = new InstanceId(app, 0, 0);
        SimNode host = awaitHost(t, first);
        long started = t.executions(app, 0, ExecutionEvent.Type.STARTED).get(0).timeMs();
        t.run(started + WORK_MS - 10_000 - t.sim.nowMs());
        if (t.leaderOf(app) == host) {
            throw new AssertionError(t + ": pick another seed, the host leads the manager");
        }
        t.isolate(host, 15_000);

        assertThat(t.awaitFinal(app, 20 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        t.assertSafe();
        assertThat(t.executions(app, 0, ExecutionEvent.Type.EXITED)).as(t + " both incarnations succeeded")
                .extracting(e -> e.instance().incarnation() + ":" + e.detail()).contains("0:0", "1:0");
        assertThat(t.status(app).events()).filteredOn(e -> e.type() == ManagerEvent.Type.COMPLETED)
                .singleElement().satisfies(e -> assertThat(e.incarnation()).isEqualTo(1));
    }

    @Test
    void managerLeaderCrash_applicationCompletes_oneCompletionPerComponent() {
        AppsTestbed t = testbed("leader crash", 12);
        String app = t.submit(spec(3, restart()));
        awaitHost(t, new InstanceId(app, 2, 0));
        t.run(20_000);
        SimNode leader = t.leaderOf(app);
        assertThat(leader).as(t + " leader").isNotNull();
        t.crash(leader);

        assertThat(t.awaitFinal(app, 20 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        AppStatus s = t.status(app);
        assertThat(s.events()).filteredOn(e -> e.type() == ManagerEvent.Type.COMPLETED)
                .extracting(ManagerEvent::component).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(t.checker.completions()).isEqualTo(3);
        t.assertSafe();
    }

    @Test
    void checkpointRestart_resumesFromTheLastCheckpoint_notFromZero() {
        AppsTestbed t = testbed("checkpoint restart", 13);
        String app = t.submit(spec(1, new FaultPolicy.CheckpointRestart(85, FaultPolicy.Scope.COMPONENT,
                RestartLimits.defaults())));
        SimNode host = awaitHost(t, new InstanceId(app, 0, 0));
        t.runUntil(() -> t.executions(app, 0, ExecutionEvent.Type.CHECKPOINTED).size() >= 2, 10 * 60_000);
        t.run(20_000);
        t.crash(host);

        assertThat(t.awaitFinal(app, 20 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        List<ExecutionEvent> starts = t.executions(app, 0, ExecutionEvent.Type.STARTED);
        assertThat(starts.get(1).workDoneMs()).as(t + " work restored by incarnation 1").isEqualTo(2 * CHECKPOINT_MS);
        assertThat(t.status(app).events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(ManagerEvent.Type.STARTED);
            assertThat(e.detail()).isEqualTo("from checkpoint 2");
        });
        t.assertSafe();
    }

    @Test
    void everyReplicaOfTheManagerLost_itIsRebuiltFromItsSnapshot_andSaysSo() {
        AppsTestbed t = testbed("manager wiped out", 14);
        String app = t.submit(spec(2, restart()));
        awaitHost(t, new InstanceId(app, 1, 0));
        t.run(15_000);
        List<SimNode> replicas = t.replicasOf(app);
        assertThat(replicas).as(t + " replicas").hasSize(5);
        for (SimNode n : replicas) {
            t.crash(n);
        }

        assertThat(t.awaitFinal(app, 30 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        assertThat(t.status(app).events()).anySatisfy(e -> assertThat(e.type()).isEqualTo(ManagerEvent.Type.REBUILT));
        assertThat(t.checker.rebuilds()).isGreaterThanOrEqualTo(1);
        t.assertSafe();
    }

    @Test
    void aCompletionLostWithEveryReplica_isReportedAgainByItsHost_andCommittedOnce() {
        AppsNode.Setup d = AppsNode.Setup.defaults(r -> new ProcessModel.Runs(
                r.instance().component() == 0 ? 2 * 60_000 : 6 * 60_000, 0, 0), 2);
        AppsNode.Setup lazySnapshots = new AppsNode.Setup(d.overlay(), d.dht(), d.files(), d.executor(), d.model(),
                d.gcs(), d.apps().withSnapshotEveryMs(100_000));
        AppsTestbed t = new AppsTestbed("completion lost in a rebuild", 33, 16, lazySnapshots);
        String app = t.submit(spec(2, restart()));
        SimNode host0 = awaitHost(t, new InstanceId(app, 0, 0));
        t.runUntil(() -> t.checker.completions() == 1, 10 * 60_000);
        List<SimNode> replicas = t.replicasOf(app);
        assertThat(replicas).as(t + ": the first component's host must outlive the manager").doesNotContain(host0);
        for (SimNode n : replicas) {
            t.crash(n);
        }

        assertThat(t.awaitFinal(app, 30 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        t.assertSafe();
        AppStatus s = t.status(app);
        assertThat(s.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo(ManagerEvent.Type.REBUILT));
        assertThat(s.components().get(0).incarnation()).as("component 0 never ran again").isZero();
        assertThat(t.node(host0).apps().hostCounters().reportsResent).isEqualTo(1);
    }

    @Test
    void anApplicationNoNodeCanTake_staysPendingWithTheReason() {
        AppsTestbed t = testbed("unplaceable", 15);
        ComponentSpec big = new ComponentSpec("", List.of("work"), new java.util.TreeMap<>(), List.of(), List.of(), 3);
        String app = t.submit(new ApplicationSpec("big", new Components.Replicated(1, big), restart(), DataProtocol.DYN));
        t.run(60_000);
        AppStatus s = t.status(app);
        assertThat(s.state()).isEqualTo(AppState.PLACING);
        assertThat(s.reason()).startsWith("no node with 3 free slots found for component 0");
        assertThat(s.components().get(0).phase()).isEqualTo(ComponentPhase.PENDING);
        t.assertSafe();
    }

    @Test
    void theServiceApi_killStopsEveryInstance_rmNeedsAFinalState_unknownIdsAreRefused() {
        AppsTestbed t = testbed("api", 16);
        String app = t.submit(spec(2, restart()));
        awaitHost(t, new InstanceId(app, 0, 0));
        ApiResult<Boolean> early = t.call((n, done) -> n.apps().api().remove(app, done));
        assertThat(early.status()).isEqualTo(ApiResult.Status.REFUSED);
        assertThat(early.error()).startsWith("application is ");

        ApiResult<AppStatus> killed = t.call((n, done) -> n.apps().api().kill(app, done));
        assertThat(killed.value().state()).isEqualTo(AppState.KILLED);
        t.run(10_000);
        assertThat(t.hostOf(new InstanceId(app, 0, 0))).as(t + " instance still running after kill").isNull();
        assertThat(t.hostOf(new InstanceId(app, 1, 0))).isNull();

        ApiResult<org.vigne.apps.node.LogsLocation> logs = t.call((n, done) -> n.apps().api().logs(app, 1, done));
        assertThat(logs.value().sandbox()).isEqualTo(app + "/c1.i0");
        ApiResult<Boolean> rm = t.call((n, done) -> n.apps().api().remove(app, done));
        assertThat(rm.value()).isTrue();
        assertThat(t.status(app).removed()).isTrue();

        ApiResult<AppStatus> unknown = t.call((n, done) -> n.apps().api().status("nope-12345678", done));
        assertThat(unknown.status()).isEqualTo(ApiResult.Status.NOT_FOUND);
        assertThat(unknown.error()).isEqualTo("unknown application nope-12345678");
        t.assertSafe();
    }

    @Test
    void outputsOfACompletedApplicationAreCommittedAndReadable() {
        AppsTestbed t = testbed("outputs", 17);
        String app = t.submit(spec(2, FaultPolicy.none()));
        assertThat(t.awaitFinal(app, 20 * 60_000)).isEqualTo(AppState.COMPLETED);
        ApiResult<java.util.Map<Integer, org.vigne.apps.files.FileSet>> out =
                t.call((n, done) -> n.apps().api().output(app, done));
        assertThat(out.value()).containsOnlyKeys(0, 1);
        assertThat(new String(out.value().get(1).get("result"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(app + "#1.0 did " + WORK_MS + " ms of work\n");
        ApiResult<List<AppStatus>> listed = t.call((n, done) -> n.apps().api().list(done));
        assertThat(listed.value()).extracting(AppStatus::appId).contains(app);
        t.assertSafe();
    }
}
