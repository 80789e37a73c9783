package org.vigne.apps.exec;

/**
 * How a started instance ended, as its executor saw it.
 *
 * @param kind   why it ended
 * @param code   the process's exit code for {@code EXITED} (signals as 128 + signal, as shells do), else -1
 * @param detail a readable reason for {@code FAILED} (and {@code KILLED}), else empty
 */
public record ExitStatus(Kind kind, int code, String detail) {
    /** Why an instance ended. */
    public enum Kind {
        /** The process exited by itself (any code other than the checkpoint code, which is not an end). */
        EXITED,
        /** The executor killed it because it was told to ({@link Executor#kill}). */
        KILLED,
        /** The executor could not go on with it after it started: a checkpoint it could not collect, a relaunch that failed. */
        FAILED
    }

    public ExitStatus {
        if (kind == null) {
            throw new IllegalArgumentException("an exit status needs a kind");
        }
        detail = detail == null ? "" : detail;
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(Kind.EXITED, code, "");
    }

    public static ExitStatus killed() {
        return new ExitStatus(Kind.KILLED, -1, "killed on request");
    }

    public static ExitStatus failed(String detail) {
        return new ExitStatus(Kind.FAILED, -1, detail);
    }

    /** Exited by itself with code 0. */
    public boolean success() {
        return kind == Kind.EXITED && code == 0;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EXITED -> "exited with code " + code;
            case KILLED -> "killed";
            case FAILED -> "failed: " + detail;
        };
    }
}
