package org.vigne.sim;

/** The simulator's name for {@link org.vigne.core.Durations}, kept so experiment code reads the same. */
public final class Durations {
    private Durations() {
    }

    /** Milliseconds in {@code text}; see {@link org.vigne.core.Durations#parseMs}. */
    public static long parseMs(String text) {
        return org.vigne.core.Durations.parseMs(text);
    }
}
