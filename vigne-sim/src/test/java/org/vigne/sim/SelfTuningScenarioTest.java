package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vigne.overlay.DetectorConfig;
import org.vigne.overlay.OverlayConfig;

/**
 * Self-tuning maintenance on a small ring whose churn changes mid-run (issue 13, item 1): quiet,
 * then a crash every 2 s (each balanced by a new node a second later), then quiet again. The
 * routing-table probe period follows the observed failure rate both ways: at its maximum on a
 * quiet ring, well under it during churn, back at it once churn has long stopped.
 */
class SelfTuningScenarioTest {
    private static final DetectorConfig D = DetectorConfig.defaults();

    private static long medianTableProbeMs(TestRing ring) {
        long[] periods = ring.population.members().stream().mapToLong(n -> n.overlay().tableProbeMs()).toArray();
        Arrays.sort(periods);
        return periods[periods.length / 2];
    }

    private static void churn(TestRing ring, long forMs) {
        long end = ring.sim().nowMs() + forMs;
        while (ring.sim().nowMs() < end) {
            ring.population.crash(ring.population.randomMember());
            ring.sim().runUntil(ring.sim().nowMs() + 1000);
            ring.population.bootAndJoin(ring.world.newNode());
            ring.sim().runUntil(ring.sim().nowMs() + 1000);
        }
    }

    @Test
    void tableProbePeriod_followsTheFailureRate_downUnderChurn_andBackUpWhenItStops() {
        TestRing ring = new TestRing(151, 60, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String replay = "ring of 60, seed 151; " + Scenarios.replayTest(getClass(), "tableProbePeriod");

        ring.sim().runUntil(ring.sim().nowMs() + 120_000);
        long quiet = medianTableProbeMs(ring);
        churn(ring, 300_000);
        long harsh = medianTableProbeMs(ring);
        ring.sim().runUntil(ring.sim().nowMs() + 40 * 60_000);
        long calm = medianTableProbeMs(ring);

        System.out.printf("median table probe period: quiet %d ms, churn %d ms, 40 min later %d ms%n", quiet, harsh, calm);
        assertThat(quiet).as("quiet ring: as cheap as the maximum allows; %s", replay).isEqualTo(D.tableProbeMaxMs());
        assertThat(harsh).as("a crash every 2 s among 60 nodes; %s", replay)
                .isGreaterThanOrEqualTo(D.tableProbeMinMs()).isLessThan(D.tableProbeMaxMs() / 5);
        assertThat(calm).as("40 quiet minutes later; %s", replay).isEqualTo(D.tableProbeMaxMs());
    }
}
