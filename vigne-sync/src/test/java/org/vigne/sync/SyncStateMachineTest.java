package org.vigne.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.vigne.sync.Ops.arrive;
import static org.vigne.sync.Ops.batch;
import static org.vigne.sync.Ops.notices;
import static org.vigne.sync.Ops.sem;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.Applied;

/** The state machine of an application's barriers and semaphores, one rule per test. */
class SyncStateMachineTest {
    private SyncStateMachine sm;
    private long index;

    @BeforeEach
    void startEpochZero() {
        sm = new SyncStateMachine();
        apply(Ops.reset(0));
    }

    private Applied apply(byte[] command) {
        return sm.apply(++index, command);
    }

    @Test
    void barrier_releasesEveryPartyWhenTheLastArrives_oneOutputPerNode() {
        SyncOp a = arrive("b", 0, 0, 0, 3);
        SyncOp b = new SyncOp(OpKind.ARRIVE, "b", 1, 0, 0, 3, a.node()); // same node as process 0
        assertThat(apply(batch(a, b)).outputs()).isEmpty();

        Applied last = apply(batch(arrive("b", 2, 0, 0, 3)));

        assertThat(last.outputs()).hasSize(2);
        assertThat(notices(last)).extracting(Notice::process).containsExactly(0, 1, 2);
        assertThat(notices(last)).allMatch(n -> n.outcome() == Outcome.RELEASED && n.seq() == 0);
        assertThat(sm.barrierProgress("b")).containsExactly(1, 0);
    }

    @Test
    void barrier_aRetriedArrivalNeverCountsTwice() {
        apply(batch(arrive("b", 0, 0, 0, 2)));
        Applied again = apply(batch(arrive("b", 0, 0, 0, 2), arrive("b", 0, 0, 0, 2)));

        assertThat(again.outputs()).isEmpty();
        assertThat(sm.barrierProgress("b")).containsExactly(0, 1);
    }

    @Test
    void barrier_aRetryAfterTheReleaseWasLost_isAnsweredReleasedAgain() {
        apply(batch(arrive("b", 0, 0, 0, 2), arrive("b", 1, 0, 0, 2)));

        List<Notice> n = notices(apply(batch(arrive("b", 0, 0, 0, 2))));

        assertThat(n).singleElement().satisfies(x -> {
            assertThat(x.outcome()).isEqualTo(Outcome.RELEASED);
            assertThat(x.seq()).isZero();
        });
        assertThat(sm.barrierProgress("b")).containsExactly(1, 0);
    }

    @Test
    void barrier_refusesAnotherPartyCountThanItsGenerations_clearly() {
        apply(batch(arrive("b", 0, 0, 0, 3)));

        Notice n = notices(apply(batch(arrive("b", 1, 0, 0, 4)))).get(0);

        assertThat(n.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(n.detail()).isEqualTo("barrier \"b\" has 3 parties in generation 0; this await says 4");
        assertThat(sm.barrierProgress("b")).containsExactly(0, 1);
    }

    @Test
    void barrier_aNewGenerationMayTakeANewPartyCount() {
        apply(batch(arrive("b", 0, 0, 0, 1)));

        assertThat(notices(apply(batch(arrive("b", 0, 0, 1, 2), arrive("b", 1, 0, 1, 2)))))
                .extracting(Notice::outcome).containsExactly(Outcome.RELEASED, Outcome.RELEASED);
    }

    @Test
    void barrier_refusesAnArrivalAheadOfItsGeneration() {
        Notice n = notices(apply(batch(arrive("b", 0, 0, 3, 2)))).get(0);

        assertThat(n.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(n.detail()).contains("generation 0", "generation 3");
    }

    @Test
    void gone_breaksTheEpochsBarriers_soNoWaiterBlocksForever() {
        apply(batch(arrive("b", 0, 0, 0, 3), arrive("b", 1, 0, 0, 3)));

        List<Notice> broken = notices(apply(Ops.gone(2, 0)));
        Notice late = notices(apply(batch(arrive("c", 0, 0, 0, 2)))).get(0);

        assertThat(broken).extracting(Notice::process).containsExactly(0, 1);
        assertThat(broken).allMatch(n -> n.outcome() == Outcome.BROKEN && n.detail().contains("process 2"));
        assertThat(late.outcome()).isEqualTo(Outcome.BROKEN);
    }

    @Test
    void gone_ofAnOlderEpoch_isIgnored() {
        apply(Ops.reset(1));
        apply(batch(arrive("b", 0, 1, 0, 2)));

        Applied a = apply(Ops.gone(1, 0));

        assertThat(a.result()).containsExactly(0);
        assertThat(a.outputs()).isEmpty();
        assertThat(notices(apply(batch(arrive("b", 1, 1, 0, 2))))).hasSize(2);
    }

    @Test
    void semaphore_grantsInFifoOrder_andAReleaseLetsTheHeadIn() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 2)));
        Notice first = notices(apply(batch(sem(OpKind.ACQUIRE, "s", 0, 0, 1, 2)))).get(0);
        assertThat(notices(apply(batch(sem(OpKind.ACQUIRE, "s", 1, 0, 0, 1), sem(OpKind.ACQUIRE, "s", 2, 0, 0, 1)))))
                .isEmpty();

        List<Notice> after = notices(apply(batch(sem(OpKind.RELEASE, "s", 0, 0, 2, 2))));

        assertThat(first.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(after).extracting(Notice::process, Notice::outcome).containsExactly(
                tuple(0, Outcome.DONE), tuple(1, Outcome.GRANTED),
                tuple(2, Outcome.GRANTED));
        assertThat(sm.available("s")).isZero();
    }

    @Test
    void semaphore_aLargeRequestAtTheHeadIsNotOvertaken() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 3), sem(OpKind.ACQUIRE, "s", 0, 0, 1, 2)));
        apply(batch(sem(OpKind.ACQUIRE, "s", 1, 0, 0, 3)));

        assertThat(notices(apply(batch(sem(OpKind.ACQUIRE, "s", 2, 0, 0, 1))))).isEmpty();
        assertThat(sm.available("s")).isEqualTo(1);
    }

    @Test
    void semaphore_refusesAReleaseBeyondThePermitsAcquired() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 3), sem(OpKind.ACQUIRE, "s", 0, 0, 1, 1)));

        Notice n = notices(apply(batch(sem(OpKind.RELEASE, "s", 0, 0, 2, 2)))).get(0);

        assertThat(n.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(n.detail()).isEqualTo("process 0 holds 1 permit of semaphore \"s\"; cannot release 2");
        assertThat(sm.available("s")).isEqualTo(2);
    }

    @Test
    void semaphore_refusesAnotherDeclarationAndTooLargeAnAcquisition_andUnknownNames() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 3)));

        List<Notice> n = notices(apply(batch(sem(OpKind.DECLARE, "s", 1, 0, 0, 4),
                sem(OpKind.ACQUIRE, "s", 2, 0, 0, 4), sem(OpKind.ACQUIRE, "t", 3, 0, 0, 1))));

        assertThat(n).allMatch(x -> x.outcome() == Outcome.REFUSED);
        assertThat(n).extracting(Notice::detail).containsExactly(
                "semaphore \"s\" has 3 permits; this declaration says 4",
                "semaphore \"s\" has 3 permits; cannot acquire 4",
                "no semaphore \"t\" is declared in this application");
    }

    @Test
    void semaphore_aRetriedAcquisitionIsAnsweredAgain_neverGrantedTwice() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 3), sem(OpKind.ACQUIRE, "s", 0, 0, 1, 1)));

        Notice again = notices(apply(batch(sem(OpKind.ACQUIRE, "s", 0, 0, 1, 1)))).get(0);
        Applied older = apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 3)));

        assertThat(again.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(older.outputs()).isEmpty();
        assertThat(sm.available("s")).isEqualTo(2);
    }

    @Test
    void gone_givesItsPermitsBack_andDropsItsWaitingAcquisition() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 1), sem(OpKind.ACQUIRE, "s", 0, 0, 1, 1)));
        apply(batch(sem(OpKind.ACQUIRE, "s", 1, 0, 0, 1), sem(OpKind.ACQUIRE, "s", 2, 0, 0, 1)));

        List<Notice> n = notices(apply(Ops.gone(0, 0)));
        Notice fromGone = notices(apply(batch(sem(OpKind.RELEASE, "s", 0, 0, 2, 1)))).get(0);

        assertThat(n).extracting(Notice::process, Notice::outcome)
                .containsExactly(tuple(1, Outcome.GRANTED));
        assertThat(fromGone.outcome()).isEqualTo(Outcome.STALE);
        assertThat(sm.available("s")).isZero();
    }

    @Test
    void reset_operationsOfALaterEpochWaitForIt_olderOnesAreStale() {
        Applied early = apply(batch(arrive("b", 0, 1, 0, 1)));

        Applied reset = apply(Ops.reset(1));
        Notice stale = notices(apply(batch(arrive("b", 1, 0, 0, 1)))).get(0);

        assertThat(early.outputs()).isEmpty();
        assertThat(notices(reset)).extracting(Notice::outcome).containsExactly(Outcome.RELEASED);
        assertThat(stale.outcome()).isEqualTo(Outcome.STALE);
        assertThat(sm.epoch()).isEqualTo(1);
    }

    @Test
    void reset_restoresTheSemaphoresACheckpointImplies_andIsIdempotent() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 3), sem(OpKind.ACQUIRE, "s", 0, 0, 1, 3)));
        SyncState captured = SyncCodec.decodeState(apply(SyncCodec.encode(new SyncCommand.Capture())).result());
        apply(batch(sem(OpKind.RELEASE, "s", 0, 0, 2, 3)));

        apply(SyncCodec.encode(new SyncCommand.Reset(captured.inEpoch(1))));
        Applied twice = apply(SyncCodec.encode(new SyncCommand.Reset(SyncState.fresh(1))));

        assertThat(captured.semaphores()).singleElement().satisfies(s -> assertThat(s.holdings()).containsEntry(0, 3));
        assertThat(twice.result()).containsExactly(0);
        assertThat(sm.available("s")).isZero();
        assertThat(notices(apply(batch(sem(OpKind.RELEASE, "s", 0, 1, 0, 3))))).extracting(Notice::outcome)
                .containsExactly(Outcome.DONE);
    }

    @Test
    void end_answersWaitersAndLaterOperations() {
        apply(batch(arrive("b", 0, 0, 0, 2)));

        List<Notice> ended = notices(apply(SyncCodec.encode(new SyncCommand.End())));
        Notice later = notices(apply(batch(arrive("b", 1, 0, 0, 2)))).get(0);

        assertThat(ended).extracting(Notice::outcome).containsExactly(Outcome.ENDED);
        assertThat(later.outcome()).isEqualTo(Outcome.ENDED);
    }

    @Test
    void recoveryWithLostCommands_breaksTheEpoch_untilTheNextReset() {
        apply(batch(arrive("b", 0, 0, 0, 2), sem(OpKind.DECLARE, "s", 0, 0, 0, 1)));

        List<Notice> n = notices(sm.recovered(5, true));
        Notice next = notices(apply(batch(sem(OpKind.ACQUIRE, "s", 1, 0, 0, 1)))).get(0);
        apply(Ops.reset(1));

        assertThat(n).extracting(Notice::outcome).containsExactly(Outcome.BROKEN);
        assertThat(next.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(notices(apply(batch(arrive("b", 0, 1, 0, 1))))).extracting(Notice::outcome)
                .containsExactly(Outcome.RELEASED);
    }

    @Test
    void aMalformedCommandIsCounted_andChangesNothing() {
        Applied a = apply(new byte[] {1, 9, 9});

        assertThat(a.outputs()).isEmpty();
        assertThat(sm.malformed()).isEqualTo(1);
        assertThat(sm.epoch()).isZero();
    }

    @Test
    void answersGoToTheNodeTheRetryNamed() {
        apply(batch(sem(OpKind.DECLARE, "s", 0, 0, 0, 1), sem(OpKind.ACQUIRE, "s", 0, 0, 1, 1)));
        apply(batch(sem(OpKind.ACQUIRE, "s", 1, 0, 0, 1)));
        NodeHandle moved = Ops.node(99);
        apply(batch(new SyncOp(OpKind.ACQUIRE, "s", 1, 0, 0, 1, moved)));

        List<Ops.Sent> sent = Ops.sent(apply(batch(sem(OpKind.RELEASE, "s", 0, 0, 2, 1))));

        assertThat(sent).extracting(Ops.Sent::to).containsExactly(Ops.node(0), moved);
    }
}
