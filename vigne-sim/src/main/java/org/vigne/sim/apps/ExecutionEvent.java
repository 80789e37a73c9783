package org.vigne.sim.apps;

import org.vigne.apps.exec.InstanceId;
import org.vigne.core.NodeHandle;

/**
 * One thing a modelled instance did, for experiments: when, where, how much work it had done by
 * then. An experiment's observer can count completions, checkpoints and wasted work from these
 * (a crashed node's instance simply stops producing them; its work since its last checkpoint is
 * lost).
 *
 * @param timeMs     virtual time
 * @param node       the node running the instance
 * @param instance   the instance
 * @param type       what happened
 * @param workDoneMs the instance's progress (work at speed 1) at that moment
 * @param detail     exit code, reason, or empty
 */
public record ExecutionEvent(long timeMs, NodeHandle node, InstanceId instance, Type type, long workDoneMs,
                             String detail) {
    /** What happened to an instance. */
    public enum Type {
        /** Running, from {@code workDoneMs} (more than 0 when restored from a checkpoint). */
        STARTED,
        /** A checkpoint holding {@code workDoneMs} was taken. */
        CHECKPOINTED,
        /** It exited by itself; {@code detail} is the exit code. */
        EXITED,
        /** It was killed on request. */
        KILLED,
        /** It never ran; {@code detail} says why. */
        FAILED_TO_START
    }

    /** Receives the events of every modelled executor of an experiment. */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = e -> { };

        void event(ExecutionEvent e);
    }
}
