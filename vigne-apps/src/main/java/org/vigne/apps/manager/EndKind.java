package org.vigne.apps.manager;

/** How an instance ended, as its node reports it to the manager. */
public enum EndKind {
    /** The process exited by itself with a code (0 is success). */
    EXITED,
    /** The process was killed on its node. */
    KILLED,
    /** The executor could not go on with it after it started. */
    FAILED,
    /** The process never started (command not found, sandbox not writable...). */
    FAILED_TO_START,
    /** It exited with code 0 but its outputs were over the limit and refused. */
    OUTPUTS_REFUSED,
    /**
     * The node could not run it through no fault of the component (its inputs or checkpoint could
     * not be fetched): the manager places it elsewhere without counting a restart.
     */
    NODE_PROBLEM,
    /**
     * The checkpoint to restore could not be read from the files DHT: the manager tries again,
     * and after a few such failures restarts without that checkpoint.
     */
    CHECKPOINT_UNAVAILABLE
}
