package org.vigne.core;

/**
 * Smoothed round-trip time and its deviation, as TCP keeps them (RFC 6298), giving a
 * retransmission timeout of SRTT + 4 x RTTVAR between configured bounds. Not final: a record of a
 * neighbour may extend it to carry its estimate without an extra object per neighbour.
 *
 * <p>A first contact pays for what later round trips do not (a TCP connection, the authentication
 * handshake, a cold JVM), so its sample must not stick: while the estimate rests on one sample,
 * any shorter round trip replaces it, and at any time a round trip four times shorter than the
 * estimate starts it again from there (a path that got much faster is no reason to wait for the
 * 1/8 gain to catch up).
 */
public class RttEstimator {
    /** Restart rules on (one path); off when samples of many paths are pooled. */
    private static final int RESTARTS = 1;
    private static final int SAMPLED = 1 << 1;
    /** The estimate rests on its first sample alone. */
    private static final int LONE = 1 << 2;
    private float srttMs;
    private float rttvarMs;
    /**
     * The three flags above in one byte: a subclass's narrow fields then fill the rest of the word
     * (a neighbour's record stays at 40 bytes instead of 48, see the overlay's {@code Peer}).
     */
    private byte flags;

    /** An estimator of one path: a first contact's sample does not stick. */
    public RttEstimator() {
        this(true);
    }

    private RttEstimator(boolean restarts) {
        this.flags = (byte) (restarts ? RESTARTS : 0);
    }

    /**
     * An estimator of round trips to many nodes at once (the timeout for a node not measured yet):
     * plain smoothing, since a short round trip to one node says nothing of the others.
     */
    public static RttEstimator pooled() {
        return new RttEstimator(false);
    }

    /** Folds in one measured round trip. */
    public void sample(long rttMs) {
        float r = Math.max(0, rttMs);
        if (!hasSample() || (has(RESTARTS) && (r < srttMs / 4 || (has(LONE) && r < srttMs)))) {
            flags |= LONE | SAMPLED;
            srttMs = r;
            rttvarMs = r / 2;
        } else {
            flags &= ~LONE;
            rttvarMs = 0.75f * rttvarMs + 0.25f * Math.abs(srttMs - r);
            srttMs = 0.875f * srttMs + 0.125f * r;
        }
    }

    public boolean hasSample() {
        return has(SAMPLED);
    }

    /** True when the estimate rests on one sample (the first, or a restart): worth measuring again. */
    public boolean restsOnOneSample() {
        return has(LONE);
    }

    /** Smoothed RTT, or {@code fallbackMs} before the first sample. */
    public long srttMs(long fallbackMs) {
        return hasSample() ? Math.round(srttMs) : fallbackMs;
    }

    /**
     * SRTT + 4 x RTTVAR, but at least 1.5 x SRTT, clamped to [minMs, maxMs]; {@code maxMs} before
     * the first sample. The floor matters once steady samples shrink RTTVAR to almost nothing:
     * the jitter of a long path would then let a live node miss probes sent every few seconds.
     */
    public long timeoutMs(long minMs, long maxMs) {
        if (!hasSample()) {
            return maxMs;
        }
        long t = Math.round(Math.max(srttMs + 4 * rttvarMs, 1.5f * srttMs));
        return Math.max(minMs, Math.min(maxMs, t));
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
