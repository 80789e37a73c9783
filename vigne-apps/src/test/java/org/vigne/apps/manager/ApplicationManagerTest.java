package org.vigne.apps.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigne.apps.manager.ManagerEvent.Type.APP_COMPLETED;
import static org.vigne.apps.manager.ManagerEvent.Type.COMPLETED;
import static org.vigne.apps.manager.ManagerEvent.Type.PLACED;
import static org.vigne.apps.manager.ManagerEvent.Type.RESTARTED;
import static org.vigne.apps.manager.ManagerEvent.Type.STARTED;
import static org.vigne.apps.manager.ManagerEvent.Type.SUBMITTED;
import static org.vigne.apps.manager.ManagerEvent.Type.SUSPECTED;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.ManagerReply.Code;
import org.vigne.apps.spec.FaultPolicy;

class ApplicationManagerTest {
    private static final InstanceId C0_I0 = new InstanceId("app-1", 0, 0);

    @Test
    void runsAComponentToCompletion_logsEveryStep() {
        Harness h = new Harness().submit(Specs.of(1, FaultPolicy.none()));
        assertThat(h.reply.code()).isEqualTo(Code.ACCEPTED);
        assertThat(h.status().state()).isEqualTo(AppState.SUBMITTED);
        assertThat(h.manager.pending()).containsExactly(new ApplicationManager.Pending(0, 0, 1, 0));

        h.at(2_000).place(0, 0, 5);
        assertThat(h.orders()).singleElement().isInstanceOfSatisfying(HostOrder.Launch.class,
                l -> assertThat(l.instance()).isEqualTo(C0_I0));
        assertThat(h.outputs.get(0).target()).isEqualTo(Harness.node(5));
        assertThat(h.status().state()).isEqualTo(AppState.RUNNING);

        h.at(3_000).start(0, 0, 5).at(9_000).exit(0, 0, 5, 0);
        AppStatus s = h.status();
        assertThat(s.state()).isEqualTo(AppState.COMPLETED);
        assertThat(s.finishedAtMs()).isEqualTo(9_000);
        assertThat(s.components().get(0).outputs()).isEqualTo("out/c0.i0");
        assertThat(h.eventTypes()).containsExactly(SUBMITTED, PLACED, STARTED, COMPLETED, APP_COMPLETED);
        assertThat(s.events()).extracting(ManagerEvent::timeMs).containsExactly(1_000L, 2_000L, 3_000L, 9_000L, 9_000L);
    }

    @Test
    void fencing_reportsOfAStaleIncarnationAreIgnored_andItsNodeToldToStop() {
        Harness h = new Harness().submit(Specs.of(1, Specs.restart(3, 0)));
        h.place(0, 0, 5).start(0, 0, 5).suspect(0, 0, 5);
        assertThat(h.orders()).containsExactly(new HostOrder.Stop(C0_I0, "its node was suspected: no heartbeat for 3 s"));
        assertThat(h.component(0).incarnation()).isEqualTo(1);
        assertThat(h.component(0).nodeLosses()).isEqualTo(1);
        assertThat(h.component(0).restarts()).as("a node loss is not the component's fault").isZero();

        h.start(0, 0, 5);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        assertThat(h.orders()).containsExactly(new HostOrder.Stop(C0_I0, "incarnation is stale"));
        h.exit(0, 0, 5, 0);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        assertThat(h.status().state()).isEqualTo(AppState.PLACING);

        h.place(0, 1, 6).start(0, 1, 6);
        h.exit(0, 0, 5, 0);
        assertThat(h.reply.code()).as("the old incarnation's exit while the new one runs").isEqualTo(Code.IGNORED);
        h.checkpoint(0, 0, 5, 1);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        assertThat(h.component(0).checkpoints()).isZero();
        assertThat(h.status().state()).isEqualTo(AppState.RUNNING);
        h.exit(0, 1, 6, 0).exit(0, 1, 6, 0);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        assertThat(h.status().state()).isEqualTo(AppState.COMPLETED);
        assertThat(h.events).filteredOn(e -> e.type() == COMPLETED).singleElement()
                .satisfies(e -> assertThat(e.incarnation()).isEqualTo(1));
    }

    /**
     * After a lossy rebuild, a first success report of an instance that started before it is not
     * committed (the lost history may have superseded that instance): the component runs again
     * above the fence. The same report, once accepted by a manager and sent again after the
     * rebuild lost it, completes the component.
     */
    @Test
    void fencing_afterALossyRebuild_onlyAReportAcceptedBeforeCompletesAnInstanceStartedBeforeIt() {
        Harness h = new Harness().submit(Specs.of(2, Specs.restart(3, 0)));
        h.place(0, 0, 5).start(0, 0, 5).place(1, 0, 6).start(1, 0, 6);
        h.manager.recovered(h.index, true);

        h.exit(0, 0, 5, 0);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        assertThat(h.component(0).phase()).isEqualTo(ComponentPhase.PENDING);
        assertThat(h.component(0).incarnation()).as("the next run is above the fence").isEqualTo(1_000);
        assertThat(h.component(0).restarts()).as("not the component's fault").isZero();
        assertThat(h.events).filteredOn(e -> e.type() == COMPLETED).isEmpty();
        assertThat(h.events).filteredOn(e -> e.type() == ManagerEvent.Type.EXITED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("started before this manager lost part of its history"));

        h.apply(new ManagerCommand.Ended(h.timeMs, 1, 0, Harness.node(6), EndKind.EXITED, 0, "", "out/c1.i0",
                "logs/c1.i0").accepted());
        assertThat(h.reply.code()).isEqualTo(Code.ACCEPTED);
        assertThat(h.component(1).phase()).isEqualTo(ComponentPhase.DONE);
        assertThat(h.component(1).outputs()).isEqualTo("out/c1.i0");

        h.place(0, 1_000, 7).start(0, 1_000, 7).exit(0, 1_000, 7, 0);
        assertThat(h.status().state()).as("a run that started after the rebuild completes as usual")
                .isEqualTo(AppState.COMPLETED);
    }

    @Test
    void aReportFromAnotherNodeThanTheCurrentIncarnationsIsStale() {
        Harness h = new Harness().submit(Specs.of(1, FaultPolicy.none()));
        h.place(0, 0, 5).exit(0, 0, 6, 0);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        assertThat(h.status().state()).isEqualTo(AppState.RUNNING);
    }

    @Test
    void policyNone_theFirstFailureFailsTheApplication_andStopsTheOthers() {
        Harness h = new Harness().submit(Specs.of(2, FaultPolicy.none()));
        h.place(0, 0, 5).place(1, 0, 6).start(0, 0, 5).start(1, 0, 6).exit(1, 0, 6, 3);
        AppStatus s = h.status();
        assertThat(s.state()).isEqualTo(AppState.FAILED);
        assertThat(s.reason()).isEqualTo("component c-1: exited with code 3");
        assertThat(h.orders()).containsExactly(new HostOrder.Stop(C0_I0, "application failed"));
        assertThat(h.outputs.get(0).target()).isEqualTo(Harness.node(5));
        assertThat(s.components()).extracting(ComponentStatus::phase)
                .containsExactly(ComponentPhase.KILLED, ComponentPhase.FAILED);
    }

    @Test
    void restart_backsOffExponentially_andGivesUpAfterTheLimit() {
        Harness h = new Harness().submit(Specs.of(1, Specs.restart(3, 1_000)));
        long[] expectedBackoff = {1_000, 2_000, 4_000};
        for (int i = 0; i < 3; i++) {
            h.at(10_000L * (i + 1)).place(0, i, 5).start(0, i, 5).exit(0, i, 5, 1);
            assertThat(h.manager.pending()).singleElement()
                    .isEqualTo(new ApplicationManager.Pending(0, i + 1, 1, 10_000L * (i + 1) + expectedBackoff[i]));
        }
        h.at(50_000).place(0, 3, 5).start(0, 3, 5).exit(0, 3, 5, 1);
        assertThat(h.status().state()).isEqualTo(AppState.FAILED);
        assertThat(h.status().reason()).isEqualTo("component c-0: exited with code 1; gave up after 3 restarts");
        assertThat(h.eventTypes()).filteredOn(t -> t == RESTARTED).hasSize(3);
    }

    @Test
    void nodeLossesRestartAtOnce_andDoNotCountTowardTheLimit() {
        Harness h = new Harness().submit(Specs.of(1, Specs.restart(0, 5_000)));
        for (int i = 0; i < 5; i++) {
            h.place(0, i, 5).start(0, i, 5).suspect(0, i, 5);
            assertThat(h.manager.pending()).singleElement()
                    .satisfies(p -> assertThat(p.notBeforeMs()).isEqualTo(h.timeMs));
        }
        assertThat(h.status().state()).isEqualTo(AppState.PLACING);
        assertThat(h.status().restarts()).isEqualTo(5);
        assertThat(h.eventTypes()).filteredOn(t -> t == SUSPECTED).hasSize(5);
    }

    @Test
    void checkpointRestart_componentScope_restoresItsLastCheckpointOnAnotherNode() {
        Harness h = new Harness().submit(Specs.of(1, Specs.checkpoints(FaultPolicy.Scope.COMPONENT)));
        h.place(0, 0, 5).start(0, 0, 5).checkpoint(0, 0, 5, 1).checkpoint(0, 0, 5, 2);
        assertThat(h.status().state()).as("one component: a checkpoint is a committed round at once")
                .isEqualTo(AppState.RUNNING);
        h.suspect(0, 0, 5).place(0, 1, 7);
        HostOrder.Launch launch = (HostOrder.Launch) h.orders().get(0);
        assertThat(launch.checkpoint()).isEqualTo("ckpt/c0.i0.2");
        assertThat(h.status().objectsFrom()).containsExactly("ckpt/c0.i0.2");
        h.start(0, 1, 7).checkpoint(0, 1, 7, 1);
        assertThat(h.component(0).checkpoints()).isEqualTo(3);
        assertThat(h.component(0).lastCheckpoint()).isEqualTo("ckpt/c0.i1.1");
    }

    @Test
    void anUnreadableCheckpoint_isRetriedWithGrowingBackoff_thenDropped() {
        Harness h = new Harness().submit(Specs.of(1, Specs.checkpoints(FaultPolicy.Scope.COMPONENT)));
        h.place(0, 0, 5).start(0, 0, 5).checkpoint(0, 0, 5, 1).checkpoint(0, 0, 5, 2).suspect(0, 0, 5);
        long[] backoffs = {1_000, 2_000, 4_000};
        for (int inc = 1; inc <= 3; inc++) {
            h.place(0, inc, 6);
            assertThat(((HostOrder.Launch) h.orders().get(0)).checkpoint()).isEqualTo("ckpt/c0.i0.2");
            h.apply(new ManagerCommand.Ended(h.timeMs, 0, inc, Harness.node(6), EndKind.CHECKPOINT_UNAVAILABLE, -1,
                    "could not fetch checkpoint ckpt/c0.i0.2: no file", "", ""));
            long wait = backoffs[inc - 1];
            assertThat(h.manager.pending()).singleElement()
                    .satisfies(p -> assertThat(p.notBeforeMs()).isEqualTo(h.timeMs + wait));
        }
        h.place(0, 4, 6);
        assertThat(((HostOrder.Launch) h.orders().get(0)).checkpoint()).as("dropped: from zero").isEmpty();
        assertThat(h.component(0).restarts()).as("the node's problem, not the component's").isZero();
        assertThat(h.status().events()).anySatisfy(e -> assertThat(e.detail())
                .endsWith("unreadable 3 times: the next incarnation starts without it"));
    }

    @Test
    void coordinatedRounds_commitWhenAllHaveCheckpointed_andAnApplicationRestartRestoresTheLastRound() {
        Harness h = new Harness().submit(Specs.of(2, Specs.checkpoints(FaultPolicy.Scope.APPLICATION)));
        h.place(0, 0, 5).place(1, 0, 6).start(0, 0, 5).start(1, 0, 6);
        h.checkpoint(0, 0, 5, 1);
        assertThat(h.status().state()).isEqualTo(AppState.CHECKPOINTING);
        assertThat(h.status().committedRound()).isZero();
        h.checkpoint(1, 0, 6, 1);
        assertThat(h.status().state()).isEqualTo(AppState.RUNNING);
        assertThat(h.status().committedRound()).isEqualTo(1);
        h.checkpoint(0, 0, 5, 2);
        assertThat(h.status().state()).isEqualTo(AppState.CHECKPOINTING);

        h.exit(1, 0, 6, 9);
        assertThat(h.orders()).containsExactly(new HostOrder.Stop(C0_I0, "application restarts"));
        assertThat(h.status().state()).isEqualTo(AppState.PLACING);
        h.place(0, 1, 7);
        assertThat(((HostOrder.Launch) h.orders().get(0)).checkpoint()).as("round 1, not component 0's checkpoint 2")
                .isEqualTo("ckpt/c0.i0.1");
        h.place(1, 1, 8);
        assertThat(((HostOrder.Launch) h.orders().get(0)).checkpoint()).isEqualTo("ckpt/c1.i0.1");
        assertThat(h.component(0).checkpoints()).isEqualTo(1);
        assertThat(h.status().objectsFrom()).as("the objects go back to round 1 with the components")
                .containsExactly("ckpt/c0.i0.1", "ckpt/c1.i0.1");
        h.checkpoint(0, 1, 7, 1).checkpoint(1, 1, 8, 1);
        assertThat(h.status().committedRound()).isEqualTo(2);
        assertThat(h.status().objectsFrom()).as("a later round changes nothing until the next restart")
                .containsExactly("ckpt/c0.i0.1", "ckpt/c1.i0.1");
    }

    @Test
    void customPolicy_foundByServiceLoader_decidesInsideTheStateMachine() {
        Harness h = new Harness().submit(Specs.of(2, Specs.custom(AbandonOddExits.class.getName())));
        h.place(0, 0, 5).place(1, 0, 6).start(0, 0, 5).start(1, 0, 6).exit(1, 0, 6, 3);
        assertThat(h.component(1).phase()).isEqualTo(ComponentPhase.ABANDONED);
        h.exit(0, 0, 5, 2);
        assertThat(h.component(0).phase()).as("even exit code: restarted").isEqualTo(ComponentPhase.PENDING);
        assertThat(h.manager.pending()).singleElement().satisfies(p -> assertThat(p.notBeforeMs()).isEqualTo(h.timeMs + 7));
        h.place(0, 1, 5).start(0, 1, 5).exit(0, 1, 5, 0);
        assertThat(h.status().state()).isEqualTo(AppState.COMPLETED);
    }

    @Test
    void customPolicy_missingClassFailsTheApplicationWithTheReason() {
        Harness h = new Harness().submit(Specs.of(1, Specs.custom("org.example.Missing")));
        h.place(0, 0, 5).exit(0, 0, 5, 1);
        assertThat(h.status().state()).isEqualTo(AppState.FAILED);
        assertThat(h.status().reason()).contains("custom policy org.example.Missing not found");
    }

    @Test
    void kill_stopsEveryInstance_andRemoveNeedsAFinalState() {
        Harness h = new Harness().submit(Specs.of(2, Specs.restart(3, 0)));
        h.place(0, 0, 5).start(0, 0, 5);
        h.apply(new ManagerCommand.Remove(h.timeMs));
        assertThat(h.reply.code()).isEqualTo(Code.REFUSED);
        assertThat(h.reply.message()).isEqualTo("application is placing: kill it first");
        h.apply(new ManagerCommand.Kill(h.timeMs, ""));
        assertThat(h.reply.status().state()).isEqualTo(AppState.KILLED);
        assertThat(h.orders()).containsExactly(new HostOrder.Stop(C0_I0, "application killed"));
        assertThat(h.status().components()).extracting(ComponentStatus::phase).containsOnly(ComponentPhase.KILLED);
        h.exit(0, 0, 5, 0);
        assertThat(h.reply.code()).isEqualTo(Code.IGNORED);
        h.apply(new ManagerCommand.Remove(h.timeMs));
        assertThat(h.reply.code()).isEqualTo(Code.ACCEPTED);
        assertThat(h.status().removed()).isTrue();
    }

    @Test
    void unplaceableApplicationStaysPendingWithTheReason_untilPlaced() {
        Harness h = new Harness().submit(Specs.of(1, FaultPolicy.none()));
        h.apply(new ManagerCommand.Unplaced(h.timeMs, "no free slot: asked 12 nodes"));
        h.apply(new ManagerCommand.Unplaced(h.timeMs, "no free slot: asked 12 nodes"));
        assertThat(h.status().state()).isEqualTo(AppState.PLACING);
        assertThat(h.status().reason()).isEqualTo("no free slot: asked 12 nodes");
        assertThat(h.eventTypes()).filteredOn(t -> t == ManagerEvent.Type.PENDING).hasSize(1);
        h.place(0, 0, 3);
        assertThat(h.status().reason()).isEmpty();
    }

    @Test
    void aRebuiltManagerRestoresTheSnapshotAndSaysSo() {
        Harness h = new Harness().submit(Specs.of(1, FaultPolicy.none()));
        h.place(0, 0, 5).start(0, 0, 5);
        byte[] snap = h.manager.snapshot();
        Harness rebuilt = new Harness();
        rebuilt.apply(new ManagerCommand.Query(5_000));
        assertThat(rebuilt.reply.code()).isEqualTo(Code.UNKNOWN_APPLICATION);
        rebuilt.apply(new ManagerCommand.Restore(6_000, snap, "every replica was lost"));
        assertThat(rebuilt.status().state()).isEqualTo(AppState.RUNNING);
        assertThat(rebuilt.status().events()).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ManagerEvent.Type.REBUILT);
            assertThat(e.detail()).isEqualTo("every replica was lost");
        });
        rebuilt.apply(new ManagerCommand.Restore(6_000, snap, "again"));
        assertThat(rebuilt.reply.code()).isEqualTo(Code.IGNORED);
    }

    @Test
    void afterARebuild_newIncarnationsSkipWhatTheLostHistoryMayHaveUsed() {
        Harness h = new Harness().submit(Specs.of(2, Specs.restart(3, 0)));
        h.place(0, 0, 5).start(0, 0, 5);
        byte[] snap = h.manager.snapshot();
        Harness rebuilt = new Harness();
        rebuilt.apply(new ManagerCommand.Restore(6_000, snap, "lost"));
        assertThat(rebuilt.manager.pending()).singleElement().satisfies(p -> {
            assertThat(p.component()).isEqualTo(1);
            assertThat(p.incarnation()).as("pending: renumbered at once").isEqualTo(1000);
        });
        rebuilt.suspect(0, 0, 5);
        assertThat(rebuilt.component(0).incarnation()).as("restarted above the gap").isEqualTo(1000);
    }

    @Test
    void aLaggingManagerTakesALaterSnapshotOfItsHistory_notAnEarlierOne() {
        Harness h = new Harness().submit(Specs.of(1, FaultPolicy.none()));
        byte[] early = h.manager.snapshot();
        h.place(0, 0, 5).start(0, 0, 5);
        byte[] late = h.manager.snapshot();
        Harness lagging = new Harness().submit(Specs.of(1, FaultPolicy.none()));
        lagging.apply(new ManagerCommand.Restore(7_000, early, "behind?"));
        assertThat(lagging.reply.code()).isEqualTo(Code.IGNORED);
        lagging.apply(new ManagerCommand.Restore(7_000, late, "behind its snapshot"));
        assertThat(lagging.reply.code()).isEqualTo(Code.ACCEPTED);
        assertThat(lagging.status().state()).isEqualTo(AppState.RUNNING);
        assertThat(lagging.component(0).node()).isEqualTo(Harness.node(5).address());
    }

    @Test
    void aBadSubmissionIsRefusedWithTheReason() {
        Harness h = new Harness();
        h.apply(new ManagerCommand.Submit(1, "app-1", new byte[] {9, 9}, new java.util.TreeMap<>(), Harness.node(0)));
        assertThat(h.reply.code()).isEqualTo(Code.REFUSED);
        assertThat(h.reply.message()).startsWith("bad spec: ");
        assertThat(h.manager.hasApplication()).isFalse();
    }

    @Test
    void illegalTransitionsAreRejected() {
        assertThatThrownBy(() -> AppState.COMPLETED.moveTo(AppState.RUNNING)).isInstanceOf(IllegalStateException.class)
                .hasMessage("illegal application transition COMPLETED -> RUNNING");
        assertThatThrownBy(() -> AppState.RUNNING.moveTo(AppState.SUBMITTED)).isInstanceOf(IllegalStateException.class);
        assertThat(AppState.RUNNING.moveTo(AppState.RUNNING)).isEqualTo(AppState.RUNNING);
        for (AppState s : AppState.values()) {
            assertThat(s.next().isEmpty()).as(s + " is final iff it has no successor").isEqualTo(s.isFinal());
        }
    }

    @Test
    void malformedCommandsAreAnsweredNotThrown() {
        Harness h = new Harness();
        ManagerReply r = ManagerReply.decode(h.manager.apply(1, new byte[] {1, 99, 0}).result());
        assertThat(r.code()).isEqualTo(Code.MALFORMED);
        assertThat(List.of(r.message())).singleElement().asString().contains("unknown manager command tag 99");
    }
}
