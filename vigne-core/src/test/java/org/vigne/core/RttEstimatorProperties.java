package org.vigne.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The estimator's rules for first contacts (issue 13: "first contacts must not stick"): a first
 * round trip inflated by connection set-up is replaced by the next shorter one, and a path that got
 * four times faster restarts the estimate; otherwise RFC 6298's smoothing, with a timeout of at
 * least 1.5 RTT, and plain smoothing for a pooled estimate.
 */
class RttEstimatorProperties {

    @Property
    void aFirstContactsRoundTrip_isReplacedByTheNextShorterOne(@ForAll @IntRange(min = 2, max = 5000) int firstMs,
                                                               @ForAll @IntRange(min = 0, max = 4999) int nextMs) {
        int next = nextMs % firstMs;
        RttEstimator e = new RttEstimator();
        e.sample(firstMs);
        e.sample(next);
        assertThat(e.srttMs(-1)).as("first %d ms, then %d ms", firstMs, next).isEqualTo(next);
    }

    @Property
    void oneSlowSampleAfterTheFirst_isSmoothed_notTaken(@ForAll @IntRange(min = 1, max = 1000) int firstMs,
                                                         @ForAll @IntRange(min = 1, max = 1000) int extraMs) {
        RttEstimator e = new RttEstimator();
        e.sample(firstMs);
        e.sample(firstMs + extraMs);
        assertThat(e.srttMs(-1)).isEqualTo(Math.round(0.875f * firstMs + 0.125f * (firstMs + extraMs)));
    }

    @Example
    void loopbackAfterAColdStart_readsUnderOneMillisecond() {
        RttEstimator e = new RttEstimator();
        // Connection set-up and a cold JVM, then a few ordinary loopback round trips (the clock
        // counts whole milliseconds, so a 0.3 ms round trip reads 0 or 1).
        for (long ms : new long[] {900, 40, 1, 0, 1, 0, 0}) {
            e.sample(ms);
        }
        assertThat(e.srttMs(-1)).isZero();
        assertThat(e.timeoutMs(200, 2000)).isEqualTo(200);
    }

    @Example
    void anEstimatePastItsFirstSample_restartsOnlyOnAFourTimesShorterRoundTrip() {
        RttEstimator e = new RttEstimator();
        e.sample(100);
        e.sample(120);
        e.sample(30);
        assertThat(e.srttMs(-1)).as("30 ms is not four times shorter than ~102 ms: smoothed").isBetween(90L, 100L);
        e.sample(20);
        assertThat(e.srttMs(-1)).as("20 ms is: the estimate starts again from it").isEqualTo(20);
    }

    @Example
    void aPooledEstimate_isOnlySmoothed_aShortRoundTripToOneNodeSaysNothingOfTheOthers() {
        RttEstimator e = RttEstimator.pooled();
        e.sample(300);
        e.sample(20);
        assertThat(e.srttMs(-1)).isEqualTo(Math.round(0.875f * 300 + 0.125f * 20));
    }

    @Example
    void steadySamples_stillLeaveHalfAnRttOfMargin() {
        RttEstimator e = new RttEstimator();
        for (int i = 0; i < 50; i++) {
            e.sample(220);
        }
        assertThat(e.timeoutMs(200, 2000)).as("RTTVAR has shrunk to nothing").isEqualTo(330);
    }

    @Example
    void noSample_givesTheFallbackAndTheLongestTimeout() {
        RttEstimator e = new RttEstimator();
        assertThat(e.hasSample()).isFalse();
        assertThat(e.srttMs(7)).isEqualTo(7);
        assertThat(e.timeoutMs(200, 2000)).isEqualTo(2000);
    }
}
