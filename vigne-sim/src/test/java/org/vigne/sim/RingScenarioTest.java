package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigne.sim.Scenarios.log16Ceil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.churn.ChurnDriver;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.Convergence;

/**
 * Scenarios on a ring built directly with the simulator's public API, for figures the experiment
 * does not report (the maximum hop count) and for churn that stops (a generated trace), so the
 * liveness phase after the faults can be checked. Every assertion names (configuration, seed).
 */
class RingScenarioTest {
    private static final long MINUTE_MS = 60_000;
    private static final int LEAF_SET = 16;

    @Test
    void everyLookupIsConsistent_andWithinLog16NPlusOneHops_inStaticRingOf300() {
        long seed = 42;
        int n = 300;
        String scenario = String.format("static ring, %d nodes, seed %d, wide-area network, no loss; %s", n, seed,
                Scenarios.replayTest(getClass(), "everyLookupIsConsistent"));
        TestRing ring = new TestRing(seed, n, NetworkModel.wideArea(0), OverlayConfig.defaults());
        assertThat(ring.built.converged()).as("ring converged; %s", scenario).isTrue();

        ring.scheduleLookups(1500, 5 * MINUTE_MS);
        ring.sim().runUntil(ring.sim().nowMs() + 5 * MINUTE_MS + 30_000);

        assertThat(ring.lookups).as("lookups issued; %s", scenario).hasSize(1500);
        int maxHops = 0;
        for (int i = 0; i < ring.lookups.size(); i++) {
            TestRing.Outcome o = ring.lookups.get(i);
            assertThat(o.delivered()).as("lookup %d delivered; %s", i, scenario).isTrue();
            assertThat(o.consistent).as("lookup %d reached the true root of %s; %s", i, o.key, scenario).isTrue();
            maxHops = Math.max(maxHops, o.hops);
        }
        assertThat(maxHops).as("max hops <= ceil(log16 %d) + 1; %s", n, scenario).isLessThanOrEqualTo(log16Ceil(n) + 1);
    }

    @Test
    void leafSetsConverge_afterChurnStops(@TempDir Path dir) throws IOException {
        long seed = 5;
        int n = 200;
        long churnMs = 10 * MINUTE_MS;
        Path trace = dir.resolve("churn.csv");
        Files.write(trace, exponentialChurnTrace(n, 2 * MINUTE_MS, 0.2, churnMs, seed));
        String scenario = String.format("ring of %d, exp:2m churn (20%% leaves) for 10 min then 3 min quiet, seed %d; %s", n,
                seed, Scenarios.replayTest(getClass(), "leafSetsConverge"));

        TestRing ring = new TestRing(seed, n, NetworkModel.wideArea(0), OverlayConfig.defaults());
        assertThat(ring.built.converged()).as("initial ring converged; %s", scenario).isTrue();
        new ChurnDriver(ring.population, ChurnModel.parse("trace:" + trace), 0).start();
        long start = ring.sim().nowMs();
        ring.sim().runUntil(start + churnMs);
        assertThat(ring.population.crashes()).as("crashes during the churn window; %s", scenario).isGreaterThan(200);
        assertThat(ring.population.leaves()).as("leaves during the churn window; %s", scenario).isGreaterThan(50);

        ring.sim().runUntil(start + churnMs + 3 * MINUTE_MS);
        assertThat(ring.oracle.size()).as("live ring size after churn; %s", scenario).isBetween(n / 2, 2 * n);
        assertThat(Convergence.divergentLeafSets(ring.oracle, LEAF_SET))
                .as("leaf sets differing from the true ring, 3 min after churn stopped; %s", scenario).isZero();
    }

    /**
     * A churn trace ({@code seconds,node,up|down|leave}) with the ChurnDriver's session model: every
     * node departs after an exponential session (crashing, or leaving with probability
     * {@code leaveFraction}) and each departure is balanced, within 5 s, by a returning node whose
     * exponential down time has elapsed, else by a new node. Nothing happens after {@code windowMs}.
     * Labels 0..n-1 are the initial members.
     */
    static List<String> exponentialChurnTrace(int n, long medianMs, double leaveFraction, long windowMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double mean = medianMs / Math.log(2);
        record Due(long atMs, String label, boolean departure) {
        }
        record Down(long returnAtMs, String label) {
        }
        PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.atMs(), b.atMs()));
        PriorityQueue<Down> down = new PriorityQueue<>((a, b) -> Long.compare(a.returnAtMs(), b.returnAtMs()));
        for (int i = 0; i < n; i++) {
            due.add(new Due(exponentialMs(random, mean), Integer.toString(i), true));
        }
        List<String> lines = new ArrayList<>();
        int fresh = 0;
        while (!due.isEmpty() && due.peek().atMs() < windowMs) {
            Due d = due.poll();
            String at = String.format("%.3f", d.atMs() / 1000.0);
            if (d.departure()) {
                boolean leave = random.nextDouble() < leaveFraction;
                lines.add(at + "," + d.label() + "," + (leave ? "leave" : "down"));
                down.add(new Down(d.atMs() + exponentialMs(random, mean), d.label()));
                due.add(new Due(d.atMs() + 1 + random.nextLong(ChurnDriver.MAX_ARRIVAL_DELAY_MS), null, false));
            } else {
                String label = !down.isEmpty() && down.peek().returnAtMs() <= d.atMs() ? down.poll().label() : "new" + fresh++;
                lines.add(at + "," + label + ",up");
                due.add(new Due(d.atMs() + exponentialMs(random, mean), label, true));
            }
        }
        return lines;
    }

    private static long exponentialMs(SplittableRandom random, double meanMs) {
        return Math.max(1, Math.round(-meanMs * Math.log(1 - random.nextDouble())));
    }
}
