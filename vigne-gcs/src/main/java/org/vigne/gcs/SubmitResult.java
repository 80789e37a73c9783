package org.vigne.gcs;

/**
 * The one completion of a submitted command or a group creation. On {@link Status#OK} the command
 * was committed and applied at log {@code index} of group generation {@code generation}, and
 * {@code result} is what the state machine returned.
 */
public record SubmitResult(Status status, byte[] result, long index, long generation, String error) {
    /** How a submission ended. */
    public enum Status {
        /** Committed and applied. */
        OK,
        /** A creation found the group already there (its initial command was not applied again). */
        EXISTS,
        /** No answer within the submit timeout: the command may or may not have been applied. */
        TIMEOUT,
        /** The command is larger than the configured limit; refused before sending. */
        TOO_LARGE,
        /** No live member hosts this group: it was never created, or every member is gone. */
        NO_GROUP,
        /** This node cannot submit now (not joined, stopping, too many pending commands, unknown kind). */
        UNAVAILABLE
    }

    public SubmitResult {
        result = result == null ? new byte[0] : result;
        error = error == null ? "" : error;
    }

    public boolean ok() {
        return status == Status.OK;
    }

    static SubmitResult failed(Status status, String error) {
        return new SubmitResult(status, null, 0, 0, error);
    }
}
