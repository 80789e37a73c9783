package org.vigne.apps.exec;

import org.vigne.apps.files.FileSet;

/**
 * What an executor collected from an instance that exited: the files its output globs matched,
 * and its standard output and error ({@code stdout}, {@code stderr}, the last
 * {@link #LOG_TAIL_BYTES} bytes of each). Outputs over the executor's limit are refused, never
 * truncated: then {@code files} is empty and {@code refusal} says why.
 *
 * @param files   matched files by path relative to the sandbox
 * @param logs    {@code stdout} and {@code stderr}
 * @param refusal why the outputs were not collected, or empty
 */
public record Outputs(FileSet files, FileSet logs, String refusal) {
    /** How much of each log an executor keeps. */
    public static final int LOG_TAIL_BYTES = 64 * 1024;

    public Outputs {
        if (files == null || logs == null) {
            throw new IllegalArgumentException("outputs need files and logs (possibly empty)");
        }
        refusal = refusal == null ? "" : refusal;
        if (!refusal.isEmpty() && !files.isEmpty()) {
            throw new IllegalArgumentException("refused outputs carry no files");
        }
    }

    public static Outputs collected(FileSet files, FileSet logs) {
        return new Outputs(files, logs, "");
    }

    public static Outputs refused(String reason, FileSet logs) {
        return new Outputs(FileSet.empty(), logs, reason);
    }

    public boolean ok() {
        return refusal.isEmpty();
    }
}
