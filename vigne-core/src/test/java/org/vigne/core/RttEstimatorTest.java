package org.vigne.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The estimator's arithmetic on worked examples, where the properties only bound it: RFC 6298's
 * first sample and smoothing, and the exact thresholds of the two restart rules.
 */
class RttEstimatorTest {
    @Test
    void firstSampleSetsSrttAndHalfOfItAsVariation() {
        RttEstimator e = new RttEstimator();
        e.sample(100);
        assertThat(e.srttMs(-1)).isEqualTo(100);
        assertThat(e.timeoutMs(0, 10_000)).as("100 + 4 x 50").isEqualTo(300);
        assertThat(e.restsOnOneSample()).isTrue();
    }

    @Test
    void laterSamplesAreSmoothedAsRfc6298Says() {
        RttEstimator e = new RttEstimator();
        e.sample(100);
        e.sample(120);
        // RTTVAR = 3/4 x 50 + 1/4 x |100 - 120| = 42.5; SRTT = 7/8 x 100 + 1/8 x 120 = 102.5
        assertThat(e.srttMicros(-1)).isEqualTo(102_500);
        assertThat(e.timeoutMs(0, 10_000)).as("102.5 + 4 x 42.5").isEqualTo(273);
        assertThat(e.restsOnOneSample()).isFalse();
    }

    @Test
    void aRoundTripOfExactlyAQuarterIsSmoothedNotARestart() {
        RttEstimator e = settledAt100();
        e.sample(25);
        // Not under a quarter: smoothed (87.5 + 3.125), and it starts a fast run (under half).
        assertThat(e.srttMicros(-1)).isEqualTo(90_625);
        RttEstimator f = settledAt100();
        f.sampleMicros(24_999);
        assertThat(f.srttMicros(-1)).as("under a quarter: restart").isEqualTo(24_999);
    }

    @Test
    void roundTripsOfExactlyHalfTheEstimateDoNotMakeAFastRun() {
        RttEstimator e = settledAt100();
        // Each exactly half of the estimate as it then stands: never under half, so never a run.
        for (int i = 0; i < RttEstimator.FAST_RUN; i++) {
            e.sampleMicros(e.srttMicros(-1) / 2);
        }
        assertThat(e.restsOnOneSample()).as("no restart").isFalse();
        RttEstimator f = settledAt100();
        for (int i = 0; i < RttEstimator.FAST_RUN; i++) {
            f.sampleMicros(f.srttMicros(-1) / 2 - 1);
        }
        assertThat(f.restsOnOneSample()).as("a run of three under half restarts").isTrue();
    }

    /** SRTT 100 ms on many samples, no longer resting on one. */
    private static RttEstimator settledAt100() {
        RttEstimator e = new RttEstimator();
        e.sample(100);
        e.sample(100);
        assertThat(e.srttMicros(-1)).isEqualTo(100_000);
        return e;
    }
}
