package org.vigne.sim.fig4;

import java.util.List;
import org.vigne.sim.data.DataExperiment;

/**
 * What one simulation of the sweep measured: its figures, and its progression and cumulative
 * failures injected at the end of every simulated second (index i: after i + 1 seconds).
 */
public record Fig4Outcome(DataExperiment.Config config, DataExperiment.Result result, List<Integer> loopsBySecond,
                          List<Integer> failuresBySecond) {
    public Fig4Outcome {
        loopsBySecond = List.copyOf(loopsBySecond);
        failuresBySecond = List.copyOf(failuresBySecond);
    }

    /** Linearizability, barrier and sync-call violations together: 0 in a correct run. */
    public long violations() {
        return result.linearizabilityViolations() + result.linearizabilityUnknown() + result.barrierViolations()
                + result.syncErrors();
    }
}
