package org.vigne.core;

/**
 * Parses human durations: {@code 500ms}, {@code 90s}, {@code 1.4m}, {@code 2h}. One syntax for the
 * command line, the simulator's options and application specs, so a user learns it once.
 */
public final class Durations {
    private Durations() {
    }

    /** Milliseconds in {@code text}; throws IllegalArgumentException with a readable message. */
    public static long parseMs(String text) {
        String t = text.trim().toLowerCase();
        double unit;
        String number;
        if (t.endsWith("ms")) {
            unit = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            number = t.substring(0, t.length() - 1);
        } else {
            throw new IllegalArgumentException("duration \"" + text + "\" needs a unit: ms, s, m or h (e.g. 90s, 30m, 2h)");
        }
        try {
            double v = Double.parseDouble(number);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Math.round(v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is not a number with a unit (e.g. 90s, 30m, 2h)");
        }
    }
}
