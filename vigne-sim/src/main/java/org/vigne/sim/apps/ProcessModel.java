package org.vigne.sim.apps;

import org.vigne.apps.exec.LaunchRequest;

/**
 * What a modelled component does, decided per launch by the experiment: how much work it has,
 * how often it checkpoints, how it ends; or that it cannot start at all.
 */
@FunctionalInterface
public interface ProcessModel {
    /** The plan of the instance {@code request} launches. */
    Plan plan(LaunchRequest request);

    /** A modelled process's plan. */
    sealed interface Plan permits Runs, CannotStart {
    }

    /**
     * The process runs {@code workMs} of work (milliseconds at speed 1), checkpoints every
     * {@code checkpointEveryMs} of work when its request has a checkpoint exit code (0: never),
     * then exits with {@code exitCode}.
     */
    record Runs(long workMs, long checkpointEveryMs, int exitCode) implements Plan {
        public Runs {
            if (workMs < 0 || checkpointEveryMs < 0) {
                throw new IllegalArgumentException("work and checkpoint period are non-negative");
            }
        }
    }

    /** The process cannot start; {@code reason} is what a real executor would say. */
    record CannotStart(String reason) implements Plan {
    }

    /** Every instance runs {@code workMs}, checkpointing every {@code checkpointEveryMs}, and succeeds. */
    static ProcessModel uniform(long workMs, long checkpointEveryMs) {
        Runs runs = new Runs(workMs, checkpointEveryMs, 0);
        return request -> runs;
    }
}
