package org.vigne.net.exec;

import java.io.IOException;

/** One line saying why a program did not start, from the exception {@link ProcessBuilder#start()} threw. */
final class StartErrors {
    private StartErrors() {
    }

    static String describe(String program, IOException e) {
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
}
