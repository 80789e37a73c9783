package org.vigne.sim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.sync.Outcome;
import org.vigne.sync.SyncState;

/** The checker flags what it must on hand-written event sequences, and nothing on correct ones. */
class SyncCheckerTest {

    @Test
    void aReleaseBeforeTheLastPartyArrived_isAViolation() {
        SyncChecker c = new SyncChecker();
        c.awaitCalled("a", 0, 0, "b", 0, 10);
        c.awaitCalled("a", 0, 1, "b", 0, 11);

        c.awaitReturned("a", 0, 0, "b", 0, 3, Outcome.RELEASED, 20);

        assertThat(c.violations()).singleElement().asString()
                .contains("process 0 released from barrier b generation 0", "after 2 of its 3 parties arrived");
    }

    @Test
    void aReleaseAfterEveryPartyArrived_isFine_evenIfAnotherGenerationIsBehind() {
        SyncChecker c = new SyncChecker();
        for (int p = 0; p < 3; p++) {
            c.awaitCalled("a", 0, p, "b", 0, 10 + p);
        }
        for (int p = 0; p < 3; p++) {
            c.awaitReturned("a", 0, p, "b", 0, 3, Outcome.RELEASED, 20);
        }
        c.awaitCalled("a", 0, 0, "b", 1, 30);

        assertThat(c.violations()).isEmpty();
        assertThat(c.pendingSince(30)).singleElement().asString().contains("process 0 waits on barrier b");
    }

    @Test
    void arrivalsOfAnotherEpochDoNotCount() {
        SyncChecker c = new SyncChecker();
        c.awaitCalled("a", 0, 0, "b", 0, 10);
        c.awaitCalled("a", 1, 1, "b", 0, 11);

        c.awaitReturned("a", 1, 1, "b", 0, 2, Outcome.RELEASED, 20);

        assertThat(c.violations()).hasSize(1);
    }

    @Test
    void moreGrantedPermitsThanTheSemaphoreHas_isAViolation_countingTheCheckpointsHolders() {
        SyncChecker c = new SyncChecker();
        c.epochStarted("a", new SyncState(2, java.util.List.of(new SyncState.SemaphoreState("s", 2,
                new java.util.TreeMap<>(java.util.Map.of(5, 1))))));
        c.acquireReturned("a", 2, 0, "s", 1, 2, Outcome.GRANTED, 10);
        c.releaseCalled("a", 2, 0, "s", 1, 11);
        c.acquireReturned("a", 2, 1, "s", 1, 2, Outcome.GRANTED, 12);
        assertThat(c.violations()).isEmpty();

        c.acquireReturned("a", 2, 2, "s", 1, 2, Outcome.GRANTED, 13);

        assertThat(c.violations()).singleElement().asString().contains("has 2 permits but 3 are held");
    }

    @Test
    void aGoneProcessHoldsNothing() {
        SyncChecker c = new SyncChecker();
        c.acquireReturned("a", 0, 0, "s", 1, 1, Outcome.GRANTED, 10);
        c.processGone("a", 0, 0);
        c.acquireReturned("a", 0, 1, "s", 1, 1, Outcome.GRANTED, 12);

        assertThat(c.violations()).isEmpty();
        assertThat(c.held("a", 0, "s")).isEqualTo(1);
    }
}
