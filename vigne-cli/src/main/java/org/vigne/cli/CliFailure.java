package org.vigne.cli;

/**
 * A command that could not do its job for a reason outside the program (a node unreachable, a key
 * not found, a port taken): reported as one line on stderr, exit code 1.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliFailure(String message) {
        super(message, null, false, false);
    }
}
