package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.experiment.Convergence;
import org.vigne.sim.experiment.RingBuilder;

/**
 * Bounds on how fast the overlay heals, so a change that slows repair down (a joining node that
 * never announces itself, no self-check, no eager pull) fails a test instead of only a benchmark.
 * A joining node probes every member it learned from the root, so their leaf sets take it in at
 * once. Nodes that join all at once leave loops and orphans (leaf sets that agree among
 * themselves and miss other nodes), which only a node's lookup of its own id from afar (the
 * self-check) finds, and which the pulls that follow a repaired leaf set then spread. (The
 * consistency bound under churn and loss is in {@link OverlayExperimentTest}.)
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

    /**
     * 2,000 nodes joining 100 us apart (all within 0.2 s, through random members, most of them
     * still joining themselves): with Bamboo's pull from a random leaf once a minute in place of
     * the self-check, seeds 1 and 3 take 126 and 168 simulated seconds; with it, 57 to 76 s over
     * seeds 1 to 8.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void leafSetsConverge_withinNinetySimulatedSeconds_afterTwoThousandJoinsInAFifthOfASecond(long seed) {
        int n = 2000;
        String scenario = String.format("%d nodes joining 100 us apart, seed %d, wide-area network, no loss;"
                + " ./vigne sim overlay --nodes %d --churn none --duration 1s --seed %d --join-interval 100us",
                n, seed, n, seed);
        TestRing ring = new TestRing(seed, n, NetworkModel.wideArea(0), OverlayConfig.defaults(), 100);
        assertThat(ring.built.converged()).as("converged at all; %s", scenario).isTrue();
        assertThat(ring.built.convergeSimMs()).as("simulated ms from the first join until every leaf set matched"
                + " the true ring; %s", scenario).isLessThanOrEqualTo(90_000L);
    }
}
