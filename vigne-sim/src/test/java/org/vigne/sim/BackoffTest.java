package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A waiting thread is told to park only once it has waited long enough; a reset starts over. */
class BackoffTest {
    @Test
    void parksOnlyAfterTheYieldPhase_andAResetStartsANewWait() {
        Backoff b = new Backoff();
        for (int round = 0; round < 2; round++) {
            b.reset();
            long start = System.nanoTime();
            while (!b.idle()) {
                // waiting
            }
            long waited = System.nanoTime() - start;
            assertThat(waited).as("round %d", round).isGreaterThanOrEqualTo(Backoff.YIELD_NS);
            assertThat(b.waitedNs()).isGreaterThanOrEqualTo(Backoff.YIELD_NS).isLessThanOrEqualTo(System.nanoTime() - start);
        }
    }

    @Test
    void aFreshWait_isNotToldToPark() {
        Backoff b = new Backoff();
        b.reset();
        boolean park = b.idle();
        long waited = b.waitedNs();
        assertThat(park).isFalse();
        assertThat(waited).isLessThan(Backoff.YIELD_NS);
    }
}
