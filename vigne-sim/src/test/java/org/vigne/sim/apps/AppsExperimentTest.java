package org.vigne.sim.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.sim.experiment.Progress;

/**
 * {@code vigne sim apps} at CI size, with its checker: without churn every application completes
 * with no restart; under heavy churn (sessions of 5 minutes' median on 40 nodes) every
 * acknowledged application still completes once churn stops, no component completes twice, and
 * checkpoint-restart wastes less work than restart on the same churn.
 */
class AppsExperimentTest {
    static AppsExperiment.Config config(int nodes, String churn, long seed, int apps, String policy) {
        return new AppsExperiment.Config(nodes, 20 * 60_000, churn, 0, seed, 16, 0.2, apps, 2, 5 * 60_000, policy,
                60_000, 2, 2, 3, 1_000, 60 * 60_000);
    }

    private static String replay(AppsExperiment.Config c) {
        return "./vigne sim apps --nodes " + c.nodes() + " --duration 20m --churn " + c.churn() + " --seed " + c.seed()
                + " --apps " + c.apps() + " --components 2 --work 5m --policy " + c.policy()
                + " --checkpoint-every 1m --arrivals 2 --drain 1h";
    }

    private static AppsExperiment.Result run(AppsExperiment.Config c) {
        AppsExperiment.Result r = new AppsExperiment(c, Progress.silent(), null).run();
        assertThat(r.violations()).as("replay: %s -- %s", replay(c), r.violationsDescribed()).isZero();
        assertThat(r.appsLost()).as(replay(c)).isZero();
        assertThat(r.duplicateCompletions()).as(replay(c)).isZero();
        assertThat(r.appsCompleted()).as(replay(c)).isEqualTo(c.apps());
        return r;
    }

    @Test
    void everyApplicationCompletes_withoutChurn_withoutRestarts() {
        AppsExperiment.Result r = run(config(24, "none", 1, 6, "restart"));
        assertThat(r.restarts()).isZero();
        assertThat(r.wastedWorkFraction()).isZero();
        assertThat(r.meanMakespanMinutes()).isBetween(5.0, 5.5);
    }

    @Test
    void underHeavyChurn_everyAcknowledgedApplicationCompletesOnce_andCheckpointsWasteLess() {
        AppsExperiment.Result restart = run(config(40, "exp:5m", 5, 10, "restart"));
        AppsExperiment.Result checkpoints = run(config(40, "exp:5m", 5, 10, "checkpoint-restart"));
        assertThat(restart.restarts()).as("churn must hit running components").isPositive();
        assertThat(restart.restartDelaySamples()).isGreaterThan(0);
        assertThat(checkpoints.wastedWorkFraction()).isLessThan(restart.wastedWorkFraction());
    }
}
