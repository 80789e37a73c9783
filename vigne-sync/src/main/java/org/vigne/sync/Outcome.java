package org.vigne.sync;

/** How a synchronisation operation ended. */
public enum Outcome {
    /** A barrier's generation completed: every party arrived. */
    RELEASED,
    /** Semaphore permits were taken for the participant. */
    GRANTED,
    /** A declaration or a release took effect. */
    DONE,
    /**
     * The epoch's barriers are broken: the application manager declared a participant gone, so
     * the generation can never complete (or, for any operation, the sync group lost commands when
     * a majority of its replicas failed, so its state cannot be trusted). It stays broken until
     * the application restarts in a new epoch.
     */
    BROKEN,
    /** The operation is not allowed (another party count, a release beyond the permits held...); see the detail. */
    REFUSED,
    /**
     * The operation belongs to an epoch the application has left (it restarted from a checkpoint),
     * or its participant was declared gone: it had no effect.
     */
    STALE,
    /** The application ended: its barriers and semaphores are gone. */
    ENDED;

    /** True when the operation took effect as asked. */
    public boolean ok() {
        return this == RELEASED || this == GRANTED || this == DONE;
    }

    static Outcome of(int code) {
        Outcome[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown outcome code " + code);
        }
        return all[code];
    }
}
