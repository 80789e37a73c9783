package org.vigne.net.sync;

import org.vigne.sync.Outcome;
import org.vigne.sync.SyncResult;

/**
 * How a component's synchronisation request to its node ended, for any front (HTTP, tools):
 * what the group answered, or why the node answered itself.
 *
 * @param status what happened
 * @param seq    the barrier generation or the semaphore operation number the answer is about (-1: none)
 * @param detail a one-line reason for anything but success
 */
public record DeskReply(Status status, long seq, String detail) {
    /** What happened to a request. */
    public enum Status {
        /** A barrier's generation completed. */
        RELEASED,
        /** Permits were taken. */
        GRANTED,
        /** A declaration or release took effect. */
        DONE,
        /** Still waiting after the bounded wait: ask again with the same generation or number. */
        WAITING,
        /** The group refused it (another party count, a release beyond the permits held...), or the node did. */
        REFUSED,
        /** The epoch's barriers broke (a participant was declared gone, or the group lost commands). */
        BROKEN,
        /** The process's epoch is over: the application restarted. */
        STALE,
        /** The application ended. */
        ENDED,
        /** No manager knows the application. */
        UNKNOWN,
        /** That component incarnation does not run on this node (not here, restarted, or ended). */
        NOT_HERE,
        /** The manager or the sync group could not be reached in time: ask again. */
        UNAVAILABLE
    }

    public DeskReply {
        detail = detail == null ? "" : detail;
    }

    /** The group's answer to an operation. */
    static DeskReply of(SyncResult r) {
        return new DeskReply(status(r.outcome()), r.seq(), r.detail());
    }

    static DeskReply of(Status s, long seq, String detail) {
        return new DeskReply(s, seq, detail);
    }

    private static Status status(Outcome o) {
        return switch (o) {
            case RELEASED -> Status.RELEASED;
            case GRANTED -> Status.GRANTED;
            case DONE -> Status.DONE;
            case BROKEN -> Status.BROKEN;
            case REFUSED -> Status.REFUSED;
            case STALE -> Status.STALE;
            case ENDED -> Status.ENDED;
        };
    }

    /** True when the operation took effect. */
    public boolean ok() {
        return status == Status.RELEASED || status == Status.GRANTED || status == Status.DONE;
    }
}
