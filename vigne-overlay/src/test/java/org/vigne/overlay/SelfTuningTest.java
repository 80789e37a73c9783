package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The self-tuning rule (MSPastry): the routing-table probe period follows the failure rate a node
 * observes, both ways, within its bounds. The figures are the rule's own arithmetic
 * (S = 2 * (target / mu - D)), worked by hand below.
 */
class SelfTuningTest {
    private static final DetectorConfig CONFIG = DetectorConfig.defaults();
    private static final long DETECTION_MS = 3000;

    @Test
    void quietRing_probesAsRarelyAsTheMaximumAllows() {
        SelfTuning t = new SelfTuning(CONFIG, 0);
        t.retune(3_600_000, 50, DETECTION_MS);
        assertThat(t.failureRatePerSecond()).isZero();
        assertThat(t.tableProbeMs()).isEqualTo(CONFIG.tableProbeMaxMs());
    }

    @Test
    void moderateChurn_setsThePeriodFromTheEstimatedRate() {
        SelfTuning t = new SelfTuning(CONFIG, 0);
        for (int i = 0; i < SelfTuning.K; i++) {
            t.failed(i * 6_250L);
        }
        // 16 failures in the 100 s since the oldest of them, among 50 neighbours: mu = 0.0032 /s;
        // S = 2 * (0.1 / 0.0032 s - 3 s) = 56.5 s.
        t.retune(100_000, 50, DETECTION_MS);
        assertThat(t.failureRatePerSecond()).isCloseTo(0.0032, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.tableProbeMs()).isEqualTo(56_500);
    }

    @Test
    void harshChurn_isClampedAtTheMinimum_andTheEstimateDecaysBackOnceChurnStops() {
        SelfTuning t = new SelfTuning(CONFIG, 0);
        for (int i = 1; i <= 40; i++) {
            t.failed(i * 500L);
        }
        t.retune(20_000, 50, DETECTION_MS);
        assertThat(t.tableProbeMs()).as("2 failures/s among 50 neighbours").isEqualTo(CONFIG.tableProbeMinMs());

        // Only the last 16 failures count, from 12 s on: at 2 h, mu = 16 / (50 * 7188 s).
        t.retune(7_200_000, 50, DETECTION_MS);
        assertThat(t.tableProbeMs()).as("two quiet hours later").isEqualTo(CONFIG.tableProbeMaxMs());

        long mid = t.tableProbeMs();
        t.failed(7_200_000);
        t.retune(7_210_000, 50, DETECTION_MS);
        assertThat(t.tableProbeMs()).as("one more failure does not make a quiet estimate harsh").isEqualTo(mid);
    }

    @Test
    void restart_forgetsTheFailuresSeenBefore() {
        SelfTuning t = new SelfTuning(CONFIG, 0);
        for (int i = 1; i <= SelfTuning.K; i++) {
            t.failed(i * 100L);
        }
        t.restart(10_000);
        t.retune(20_000, 50, DETECTION_MS);
        assertThat(t.failureRatePerSecond()).isZero();
        assertThat(t.tableProbeMs()).isEqualTo(CONFIG.tableProbeMaxMs());
    }

    @Test
    void noNeighbours_isNoEvidenceOfChurn() {
        SelfTuning t = new SelfTuning(CONFIG, 0);
        t.failed(1000);
        t.retune(2000, 0, DETECTION_MS);
        assertThat(t.tableProbeMs()).isEqualTo(CONFIG.tableProbeMaxMs());
    }
}
