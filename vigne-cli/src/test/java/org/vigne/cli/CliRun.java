package org.vigne.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one run of the {@code vigne} command printed, and its exit code: commands run in the test's JVM. */
record CliRun(int code, String out, String err) {
    /** Runs {@code vigne args...}; {@code err} comes back stripped of surrounding white space. */
    static CliRun vigne(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString().strip());
    }
}
