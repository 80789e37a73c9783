package org.vigne.apps.manager;

import java.util.Locale;

/**
 * Where one component stands in its manager's state. A component has one current incarnation at a
 * time; a restart gives it the next incarnation and sends it back to {@link #PENDING}.
 */
public enum ComponentPhase {
    /** Waiting for a node (perhaps until a restart backoff has passed). */
    PENDING,
    /** A node reserved slots and was told to launch the current incarnation; not started yet. */
    PLACED,
    /** The current incarnation started on its node. */
    RUNNING,
    /** Completed successfully; its outputs are committed. Final. */
    DONE,
    /** Failed for good: the policy gave up on it. Final. */
    FAILED,
    /** A custom policy chose to go on without it. Final. */
    ABANDONED,
    /** Killed with its application. Final. */
    KILLED;

    /** True when the component will never run again. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == ABANDONED || this == KILLED;
    }

    /** True when an instance of the current incarnation may be alive on a node. */
    public boolean onNode() {
        return this == PLACED || this == RUNNING;
    }

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
