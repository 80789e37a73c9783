package org.vigne.apps.node;

/**
 * The one answer of an {@link Applications} call.
 *
 * @param status how it went
 * @param value  the answer on {@code OK}, else null
 * @param error  a one-line reason otherwise, else empty
 */
public record ApiResult<T>(Status status, T value, String error) {
    /** How a call went. */
    public enum Status {
        /** Done; {@code value} holds the answer. */
        OK,
        /** No such application (never submitted, or removed and forgotten). */
        NOT_FOUND,
        /** The request is wrong (a missing input, a removal of a running application...); {@code error} says why. */
        REFUSED,
        /** The grid could not answer now (no manager reachable in time, rebuilding): try again. */
        UNAVAILABLE
    }

    public ApiResult {
        error = error == null ? "" : error;
    }

    public static <T> ApiResult<T> ok(T value) {
        return new ApiResult<>(Status.OK, value, "");
    }

    public static <T> ApiResult<T> failure(Status status, String error) {
        return new ApiResult<>(status, null, error);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
