package org.vigne.gcs.raft;

/** What a log entry carries. */
public enum EntryKind {
    /** Nothing: the entry a new leader appends so that it can commit entries of its term (Raft, Sect. 5.4.2). */
    NOOP,
    /** A client command for the group's state machine. */
    COMMAND,
    /** A new configuration, one member added or removed; in force once appended. */
    CONFIG,
    /**
     * The first entry of a group rebuilt after losing a majority: it tells the state machine that
     * commands acknowledged before may be lost. Its data holds the last index kept.
     */
    RECOVERY
}
