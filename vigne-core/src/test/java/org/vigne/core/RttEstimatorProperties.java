package org.vigne.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The estimator's rules for first contacts (issue 13: "first contacts must not stick"): a first
 * round trip inflated by connection set-up is replaced by the next shorter one, a path that got
 * four times faster restarts the estimate, and three round trips in a row under half the
 * estimate restart it from the longest of them; otherwise RFC 6298's smoothing, with a timeout of
 * at least 1.5 RTT, and plain smoothing for a pooled estimate. Round trips in microseconds keep
 * their fraction of a millisecond.
 */
class RttEstimatorProperties {

    @Property(seed = "7113")
    void aFirstContactsRoundTrip_isReplacedByTheNextShorterOne(@ForAll @IntRange(min = 2, max = 5000) int firstMs,
                                                               @ForAll @IntRange(min = 0, max = 4999) int nextMs) {
        int next = nextMs % firstMs;
        RttEstimator e = new RttEstimator();
        e.sample(firstMs);
        e.sample(next);
        assertThat(e.srttMs(-1)).as("first %d ms, then %d ms", firstMs, next).isEqualTo(next);
    }

    @Property(seed = "7113")
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
        // Connection set-up and a cold JVM, then a few ordinary loopback round trips, timed to the
        // microsecond.
        for (long us : new long[] {900_000, 40_000, 310, 280, 350, 300}) {
            e.sampleMicros(us);
        }
        assertThat(e.srttMicros(-1)).isBetween(280L, 350L);
        assertThat(e.srttMs(-1)).isZero();
        assertThat(e.timeoutMs(200, 2000)).as("the floor, not a fraction of a millisecond").isEqualTo(200);
    }

    @Property(seed = "7113")
    void wholeMillisecondsInMicroseconds_foldExactlyAsMilliseconds(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 5000) Integer> samplesMs) {
        RttEstimator ms = new RttEstimator();
        RttEstimator us = new RttEstimator();
        for (int s : samplesMs) {
            ms.sample(s);
            us.sampleMicros(s * 1000L);
            assertThat(us.srttMicros(-1)).as("after %s", samplesMs).isEqualTo(ms.srttMicros(-1));
            assertThat(us.timeoutMs(1, 100_000)).isEqualTo(ms.timeoutMs(1, 100_000));
        }
    }

    /**
     * Issue 13, item 3: warm-up round trips three to twenty times the path's (a cold JVM, a busy
     * event loop), then the path's own, under a millisecond and within a factor of two of each
     * other: after {@value RttEstimator#FAST_RUN} of them the estimate lies among them (or up to
     * an eighth of an octave above the longest, as the run's maximum is kept in a byte), whatever
     * the warm-up left. (Under four times the path's, only the new rule restarts the estimate;
     * the 1/8 gain alone would still read over 2.3 x the path.)
     */
    @Property(seed = "7113")
    void warmUpRoundTrips_giveWayToTheFastPath_withinAFastRun(
            @ForAll @IntRange(min = 100, max = 495) int lowUs,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 300, max = 2000) Integer> warmUpPercents,
            @ForAll @Size(min = RttEstimator.FAST_RUN, max = RttEstimator.FAST_RUN) List<@IntRange(min = 0, max = 1000) Integer> spreads) {
        long highUs = 2L * lowUs;
        RttEstimator e = new RttEstimator();
        for (int percent : warmUpPercents) {
            e.sampleMicros(highUs * percent / 100);
        }
        for (int s : spreads) {
            e.sampleMicros(lowUs + s * (highUs - lowUs) / 1000);
        }
        assertThat(e.srttMicros(-1)).as("warm-up %s %% of %d us, then %d..%d us", warmUpPercents, highUs, lowUs, highUs)
                .isBetween((long) lowUs, (long) Math.ceil(highUs * 1.0906));
    }

    /** The run's longest round trip is kept in a byte: given back never shorter, at most 9% (an eighth of an octave) longer. */
    @Property(seed = "7113")
    void theLongestRoundTripOfARun_isKeptInAByte_neverShorter(@ForAll @IntRange(min = 0, max = 60_000_000) int micros) {
        float ms = micros / 1000f;
        int code = RttEstimator.encodeRun(ms);
        float back = RttEstimator.decodeRun(code);
        assertThat(code).isBetween(0, 255);
        assertThat(back).isGreaterThanOrEqualTo(ms).isLessThanOrEqualTo(ms * 1.0906f + 0.001f);
    }

    @Example
    void roundTripsTwoToFourTimesShorter_restartTheEstimateFromTheLongestOfThree() {
        RttEstimator e = new RttEstimator();
        e.sample(10);
        e.sample(10);
        e.sample(3);
        e.sample(4);
        assertThat(e.srttMs(-1)).as("two fast round trips are only smoothed in").isEqualTo(8);
        e.sample(3);
        assertThat(e.srttMs(-1)).as("the third restarts the estimate from the longest").isEqualTo(4);
        assertThat(e.restsOnOneSample()).as("a restart is worth confirming").isTrue();
        assertThat(e.timeoutMs(0, 1000)).as("at least 1.5 x each of the three").isGreaterThanOrEqualTo(6);
    }

    /**
     * Fast round trips that do not last ({@value RttEstimator#FAST_RUN} in a row) are smoothed in
     * as RFC 6298 says and change nothing else: a far path that answers fast now and then keeps
     * the estimate and the timeouts that plain smoothing gives (too short a timeout for far peers
     * made false suspicions on static rings).
     */
    @Property(seed = "7113")
    void fastRoundTripsThatDoNotLast_areOnlySmoothed(
            @ForAll @IntRange(min = 20, max = 400) int usualMs,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = RttEstimator.FAST_RUN - 1) Integer> fastBursts,
            @ForAll @IntRange(min = 26, max = 45) int fastPercent) {
        RttEstimator e = new RttEstimator();
        RttEstimator plain = RttEstimator.pooled();
        // Over a quarter (rounded up) and under half of the usual round trip.
        long fastMs = (usualMs * fastPercent + 99) / 100;
        List<Long> fed = new ArrayList<>(List.of((long) usualMs, (long) usualMs));
        for (int burst : fastBursts) {
            for (int i = 0; i < burst; i++) {
                fed.add(fastMs);
            }
            fed.add((long) usualMs);
        }
        for (long ms : fed) {
            e.sample(ms);
            plain.sample(ms);
            assertThat(e.srttMicros(-1)).as("fed %s", fed).isEqualTo(plain.srttMicros(-1));
            assertThat(e.timeoutMs(0, 100_000)).as("fed %s", fed).isEqualTo(plain.timeoutMs(0, 100_000));
        }
    }

    @Example
    void anEstimatePastItsFirstSample_restartsAtOnceOnlyOnAFourTimesShorterRoundTrip() {
        RttEstimator e = new RttEstimator();
        e.sample(100);
        e.sample(120);
        e.sample(60);
        assertThat(e.srttMs(-1)).as("60 ms is not half of ~102 ms: smoothed").isBetween(95L, 100L);
        e.sample(20);
        assertThat(e.srttMs(-1)).as("20 ms is four times shorter: the estimate starts again from it").isEqualTo(20);
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
