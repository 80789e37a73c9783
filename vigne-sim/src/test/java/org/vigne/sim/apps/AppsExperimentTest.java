package org.vigne.sim.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.sim.experiment.Progress;

class AppsExperimentTest {
    static AppsExperiment.Config config(int nodes, String churn, long seed, int apps, String policy) {
        return new AppsExperiment.Config(nodes, 10 * 60_000, churn, 0, seed, 16, 0.2, apps, 2, 2 * 60_000, policy,
                30_000, 6, 2, 100, 1_000, 30 * 60_000);
    }

    @Test
    void everyApplicationCompletes_withoutChurn() {
        AppsExperiment.Result r = new AppsExperiment(config(24, "none", 1, 6, "restart"), Progress.silent(), null).run();
        System.out.println(r);
        assertThat(r.violations()).as(r.violationsDescribed().toString()).isZero();
        assertThat(r.appsCompleted()).isEqualTo(6);
    }
}
