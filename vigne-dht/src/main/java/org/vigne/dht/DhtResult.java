package org.vigne.dht;

/**
 * The outcome of one DHT operation, given exactly once to its {@code done} callback.
 *
 * @param status  what happened
 * @param value   the value read ({@code OK} of a get), or the current value on {@code CONFLICT}; null otherwise
 * @param version the key's version: read or written on {@code OK}, current on {@code CONFLICT}, 0 when absent
 * @param error   a readable reason when the status is not {@code OK}, else the empty string
 */
public record DhtResult(Status status, byte[] value, long version, String error) {

    /** How an operation ended. */
    public enum Status {
        /** Done: the value was read, or the write was acknowledged by r replicas. */
        OK,
        /** A get or remove found no value (never written, or removed). */
        NOT_FOUND,
        /** A conditional put found another version than the one expected; nothing was written. */
        CONFLICT,
        /** The value is larger than {@link DhtConfig#maxValueBytes()}; nothing was sent. */
        TOO_LARGE,
        /** No answer within {@link DhtConfig#opTimeoutMs()}; a write may or may not have happened. */
        TIMEOUT,
        /** This node cannot serve requests now (not joined, leaving, or too many operations in flight). */
        UNAVAILABLE
    }

    public DhtResult {
        if (status == null) {
            throw new IllegalArgumentException("a result needs a status");
        }
        error = error == null ? "" : error;
    }

    /** True when the status is {@code OK}. */
    public boolean ok() {
        return status == Status.OK;
    }

    static DhtResult failure(Status status, String error) {
        return new DhtResult(status, null, 0, error);
    }
}
