package org.vigne.sync;

/** What a participant asks of a synchronisation object: barriers take arrivals, semaphores the other three. */
public enum OpKind {
    /** Arrive at a barrier and wait for the other parties of the generation. */
    ARRIVE,
    /** Create a semaphore with a number of permits (idempotent when the number is the same). */
    DECLARE,
    /** Take permits of a semaphore, waiting in FIFO order until they are free. */
    ACQUIRE,
    /** Give back permits this participant holds. */
    RELEASE;

    /** True for operations on barriers (whose names are a namespace apart from semaphores'). */
    public boolean onBarrier() {
        return this == ARRIVE;
    }

    static OpKind of(int code) {
        OpKind[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown operation code " + code);
        }
        return all[code];
    }
}
