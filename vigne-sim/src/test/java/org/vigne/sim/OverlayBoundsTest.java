package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.experiment.Convergence;
import org.vigne.sim.experiment.RingBuilder;

/**
 * A bound on how fast the overlay heals, so a change that slows repair down (a joining node that
 * never announces itself, a lazier push/pull) fails a test instead of only a benchmark. A joining
 * node sends its leaf set to every member it learned from the root, so their leaf sets take it in
 * at once; without that, they learn of it only through periodic push/pull. (The consistency bound
 * under churn and loss is in {@link OverlayExperimentTest}.)
 */
class OverlayBoundsTest {
    private static final int LEAF_SET = 16;
    private static final long MINUTE_MS = 60_000;

    @Test
    void leafSetsConverge_withinTenSimulatedSeconds_afterABurstOfFiftyJoins() {
        long seed = 31;
        int n = 150;
        int burst = 50;
        String scenario = String.format("ring of %d, then %d joins 20 ms apart, seed %d, wide-area network, no loss; %s",
                n, burst, seed, Scenarios.replayTest(getClass(), "leafSetsConverge"));
        TestRing ring = new TestRing(seed, n, NetworkModel.wideArea(0), OverlayConfig.defaults());
        assertThat(ring.built.converged()).as("initial ring converged; %s", scenario).isTrue();

        long t0 = ring.sim().nowMs();
        for (int i = 0; i < burst; i++) {
            SimNode joiner = ring.world.newNode();
            ring.sim().schedule(t0 + i * RingBuilder.JOIN_SPACING_MS, new SimEvent() {
                @Override
                protected void fire() {
                    ring.population.bootAndJoin(joiner);
                }
            });
        }
        long lastJoin = t0 + (burst - 1) * RingBuilder.JOIN_SPACING_MS;
        ring.sim().runUntil(lastJoin);
        long convergedMs = -1;
        int divergent = -1;
        while (ring.sim().nowMs() < lastJoin + 2 * MINUTE_MS) {
            ring.sim().runUntil(ring.sim().nowMs() + 500);
            divergent = Convergence.divergentLeafSets(ring.oracle, LEAF_SET);
            if (ring.population.memberCount() == n + burst && divergent == 0) {
                convergedMs = ring.sim().nowMs() - lastJoin;
                break;
            }
        }
        assertThat(convergedMs).as("simulated ms from the last join until every leaf set matched the true ring"
                + " (-1: not within 2 min; %d members, %d leaf sets still wrong); %s",
                ring.population.memberCount(), divergent, scenario).isBetween(0L, 10_000L);
    }
}
