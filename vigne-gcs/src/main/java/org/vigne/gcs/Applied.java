package org.vigne.gcs;

import java.util.List;

/**
 * What a state machine returns for one command: the result the submitter receives, and the
 * outputs to send (see {@link GroupStateMachine} for who sends them).
 */
public record Applied(byte[] result, List<GroupOutput> outputs) {
    private static final byte[] EMPTY = new byte[0];

    public Applied {
        result = result == null ? EMPTY : result;
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** A result and no outputs. */
    public static Applied of(byte[] result) {
        return new Applied(result, List.of());
    }

    /** Nothing to say. */
    public static Applied none() {
        return new Applied(EMPTY, List.of());
    }
}
