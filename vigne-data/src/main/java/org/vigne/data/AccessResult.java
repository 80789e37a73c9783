package org.vigne.data;

/**
 * The outcome of one access to a shared object, given exactly once to its callback.
 *
 * @param status what happened
 * @param value  the value read ({@code OK} of a read), or the current value on {@code CONFLICT};
 *               empty otherwise
 * @param error  a readable reason when the status is not {@code OK}, else the empty string
 */
public record AccessResult(Status status, byte[] value, String error) {
    private static final byte[] NONE = new byte[0];

    /** How an access ended. */
    public enum Status {
        /** Done: the value was read, or the write (or compare-and-set) took effect. */
        OK,
        /** A compare-and-set found another value than the expected one; nothing was written. */
        CONFLICT,
        /** The value is larger than the bound ({@link DataConfig#maxValueBytes()}); nothing was sent. */
        TOO_LARGE,
        /** The application or object name is empty or too long. */
        INVALID_NAME,
        /** This node runs no component of that application (or never heard of it). */
        UNKNOWN_APPLICATION,
        /** The application has ended: its objects are gone. */
        APPLICATION_ENDED,
        /** The application restarted from a checkpoint while the access was in progress; it may or may not have taken effect. */
        RESTARTED,
        /** Too many accesses wait on this copy already. */
        BUSY,
        /** Not done within {@link DataConfig#opTimeoutMs()}; a write may or may not have taken effect. */
        TIMEOUT
    }

    public AccessResult {
        if (status == null) {
            throw new IllegalArgumentException("a result needs a status");
        }
        value = value == null ? NONE : value;
        error = error == null ? "" : error;
    }

    /** A successful access, with the value read (empty for a write). */
    public static AccessResult ok(byte[] value) {
        return new AccessResult(Status.OK, value, "");
    }

    /** A failed access. */
    public static AccessResult failure(Status status, String error) {
        return new AccessResult(status, NONE, error);
    }

    /** True when the status is {@code OK}. */
    public boolean ok() {
        return status == Status.OK;
    }
}
