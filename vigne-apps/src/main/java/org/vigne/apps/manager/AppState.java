package org.vigne.apps.manager;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of an application as its manager sees it (paper, Sect. 5). The manager derives
 * the state from its components after every command and moves only along the transitions below;
 * any other move is a bug of the manager and is rejected loudly.
 */
public enum AppState {
    /** Accepted by the manager; no placement has been tried yet. */
    SUBMITTED,
    /** Some unfinished component waits for a node (first placement, or a restart). */
    PLACING,
    /** Every unfinished component is placed on a node or running. */
    RUNNING,
    /** Running, and a coordinated checkpoint round is open: some components took it, others not yet. */
    CHECKPOINTING,
    /** Every component completed; its outputs are committed. Final. */
    COMPLETED,
    /** The fault-tolerance policy gave up. Final. */
    FAILED,
    /** Killed by the user. Final. */
    KILLED;

    /** True for the states an application never leaves. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == KILLED;
    }

    /** The states this one may move to (staying put is always allowed). */
    public Set<AppState> next() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(PLACING, RUNNING, FAILED, KILLED);
            case PLACING -> EnumSet.of(RUNNING, CHECKPOINTING, COMPLETED, FAILED, KILLED);
            case RUNNING -> EnumSet.of(PLACING, CHECKPOINTING, COMPLETED, FAILED, KILLED);
            case CHECKPOINTING -> EnumSet.of(PLACING, RUNNING, COMPLETED, FAILED, KILLED);
            case COMPLETED, FAILED, KILLED -> EnumSet.noneOf(AppState.class);
        };
    }

    /** This state, or {@code to} when the move is allowed; throws {@link IllegalStateException} otherwise. */
    public AppState moveTo(AppState to) {
        if (to != this && !next().contains(to)) {
            throw new IllegalStateException("illegal application transition " + this + " -> " + to);
        }
        return to;
    }

    /** The lower-case spelling used in status, events and JSON. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
