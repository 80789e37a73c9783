package org.vigne.sim.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.sim.Scenarios;

/**
 * {@code sim dht} gives the same figures on one thread and on two, under churn with graceful
 * leaves (hand-offs), loss, duplication and a workload of gets, puts and conditional puts: the
 * ledger, the loss watch and the retries the nodes' callbacks feed are changed after each window,
 * in (instant, node) order, whatever the partition that ran the callback.
 */
class DhtExperimentThreadsTest {
    private static final Set<String> WALL_CLOCK = Set.of("wallSeconds");

    @Test
    void sameFigures_onOneOrTwoThreads() {
        DhtExperiment.Config c = new DhtExperiment.Config(160, 3 * 60_000, "exp:2m", 0.01, 23, 400, 3, 64, 6, 0, 0,
                16, 0.3, 10_000, 0.01, true);
        DhtExperiment.Result one = new DhtExperiment(c, Progress.silent(), 1).run();
        DhtExperiment.Result two = new DhtExperiment(c, Progress.silent(), 2).run();
        assertThat(one.crashes() + one.leaves()).as("churn happened; replay with: %s", c.replayCommand()).isPositive();
        assertThat(one.gets() + one.puts()).as("operations ran; replay with: %s", c.replayCommand()).isPositive();
        assertThat(Scenarios.simulatedFigures(two, WALL_CLOCK)).as("%s --threads 2", c.replayCommand())
                .isEqualTo(Scenarios.simulatedFigures(one, WALL_CLOCK));
    }
}
