package org.vigne.apps.files;

/**
 * The outcome of one {@link FileStore} operation, given once to its callback.
 *
 * @param status what happened
 * @param value  the result on {@code OK} (content, manifest, listing...), else null
 * @param error  a readable reason naming the file when the status is not {@code OK}, else empty
 */
public record FileResult<T>(FileStatus status, T value, String error) {
    public FileResult {
        if (status == null) {
            throw new IllegalArgumentException("a file result needs a status");
        }
        error = error == null ? "" : error;
    }

    public static <T> FileResult<T> ok(T value) {
        return new FileResult<>(FileStatus.OK, value, "");
    }

    public static <T> FileResult<T> failure(FileStatus status, String error) {
        if (status == FileStatus.OK) {
            throw new IllegalArgumentException("a failure cannot be OK");
        }
        return new FileResult<>(status, null, error);
    }

    /** The same failure, for an operation of another result type. */
    public <U> FileResult<U> cast() {
        if (ok()) {
            throw new IllegalStateException("only a failure can be recast");
        }
        return new FileResult<>(status, null, error);
    }

    public boolean ok() {
        return status == FileStatus.OK;
    }
}
