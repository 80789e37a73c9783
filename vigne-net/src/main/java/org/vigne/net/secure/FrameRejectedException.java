package org.vigne.net.secure;

/** Why {@link FrameOpener} refused a data frame; the transport counts each reason apart. */
public final class FrameRejectedException extends Exception {
    /** The reasons, each a distinct counter. */
    public enum Reason {
        /** Too short or not a data frame of this version. */
        MALFORMED,
        /** The AES-GCM tag does not verify: forged, corrupted, or sealed for another session. */
        FORGED,
        /** Authentic, but its sequence number is not above the last one accepted. */
        REPLAYED,
        /**
         * Authentic, but its sequence number is more than one above the last one accepted: frames
         * were removed on the way (TCP itself loses nothing), so the stream cannot be trusted.
         */
        GAP
    }

    private final Reason reason;

    public FrameRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
