package org.vigne.sync;

/**
 * What a participant's operation returns, on the node's event loop: the outcome, the barrier
 * generation or semaphore sequence number it was about, and a human-readable detail for refusals.
 */
public record SyncResult(Outcome outcome, long seq, String detail) {
    public SyncResult {
        detail = detail == null ? "" : detail;
    }

    public boolean ok() {
        return outcome.ok();
    }

    static SyncResult refused(long seq, String detail) {
        return new SyncResult(Outcome.REFUSED, seq, detail);
    }
}
