package org.vigne.sim.experiment;

import java.io.PrintStream;

/** Progress lines on stderr, at most one every few seconds of wall time. */
public final class Progress {
    private final PrintStream out;
    private final long everyNanos;
    private long lastNanos = System.nanoTime();

    public Progress(PrintStream out, long everyMs) {
        this.out = out;
        this.everyNanos = everyMs * 1_000_000;
    }

    /** Reports nothing. */
    public static Progress silent() {
        return new Progress(null, 0);
    }

    public void report(String line) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNanos >= everyNanos) {
            lastNanos = now;
            out.println(line);
        }
    }
}
