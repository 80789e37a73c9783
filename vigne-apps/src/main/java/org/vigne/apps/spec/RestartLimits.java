package org.vigne.apps.spec;

/**
 * How often and how soon a policy restarts: at most {@code maxRestarts} times, the n-th restart
 * (from 1) waiting {@code backoffMs * 2^(n-1)}, capped at {@code maxBackoffMs}.
 */
public record RestartLimits(int maxRestarts, long backoffMs, long maxBackoffMs) {
    /** Default bound on restarts. */
    public static final int DEFAULT_MAX_RESTARTS = 3;
    /** Default first backoff. */
    public static final long DEFAULT_BACKOFF_MS = 1_000;
    /** Default longest backoff. */
    public static final long DEFAULT_MAX_BACKOFF_MS = 60_000;
    /** Largest bound accepted on restarts. */
    public static final int MAX_RESTARTS = 1_000_000;

    public RestartLimits {
        if (maxRestarts < 0 || maxRestarts > MAX_RESTARTS) {
            throw new SpecException("maxRestarts", "must be between 0 and " + MAX_RESTARTS + ", got " + maxRestarts);
        }
        if (backoffMs < 0) {
            throw new SpecException("backoff", "must not be negative");
        }
        if (maxBackoffMs < backoffMs) {
            throw new SpecException("maxBackoff", "must be at least backoff (" + backoffMs + " ms), got " + maxBackoffMs + " ms");
        }
    }

    /** The defaults: 3 restarts, backoff 1 s doubling up to 1 min. */
    public static RestartLimits defaults() {
        return new RestartLimits(DEFAULT_MAX_RESTARTS, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS);
    }

    /** How long the {@code n}-th restart (n >= 1) waits. */
    public long backoffBeforeRestartMs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("restarts count from 1, got " + n);
        }
        long d = backoffMs;
        for (int i = 1; i < n && d < maxBackoffMs; i++) {
            d *= 2;
        }
        return Math.min(d, maxBackoffMs);
    }
}
