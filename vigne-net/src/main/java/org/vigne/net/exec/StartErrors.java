package org.vigne.net.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One line saying why a program did not start, from the exception {@link ProcessBuilder#start()} threw. */
final class StartErrors {
    private StartErrors() {
    }

    static String describe(String program, IOException e) {
        if (e instanceof Unstartable u) {
            return u.getMessage();
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("error=2,")) {
            return "command not found: " + program;
        }
        if (m.contains("error=13,")) {
            return "permission denied: " + program + " (not executable?)";
        }
        int nl = m.indexOf('\n');
        return "cannot start " + program + ": " + (nl >= 0 ? m.substring(0, nl) : m);
    }

    /**
     * Why {@code program} cannot be executed from {@code workDir} with {@code path} as its
     * {@code PATH} (looked up as {@code execvp} does), or empty when it can. A program started
     * through a wrapper ({@link ComponentGuard#wrap}) fails in the wrapper, after the start: this
     * says it before, in the words {@link #describe} uses.
     */
    static Optional<String> unstartable(String program, Path workDir, String path) {
        if (program.contains("/")) {
            return check(program, workDir.resolve(program));
        }
        String dirs = path == null || path.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : path;
        Optional<String> denied = Optional.empty();
        for (String dir : dirs.split(File.pathSeparator, -1)) {
            Path candidate = (dir.isEmpty() ? workDir : workDir.resolve(dir)).resolve(program);
            Optional<String> why = check(program, candidate);
            if (why.isEmpty()) {
                return why;
            }
            if (Files.isRegularFile(candidate) && denied.isEmpty()) {
                denied = why;
            }
        }
        return Optional.of(denied.orElse("command not found: " + program));
    }

    private static Optional<String> check(String program, Path file) {
        if (!Files.exists(file) || Files.isDirectory(file)) {
            return Optional.of("command not found: " + program);
        }
        if (!Files.isExecutable(file)) {
            return Optional.of("permission denied: " + program + " (not executable?)");
        }
        return Optional.empty();
    }

    /** A program found unstartable before it was started; its message is the line to show. */
    static final class Unstartable extends IOException {
        Unstartable(String reason) {
            super(reason);
        }
    }
}
