package org.vigne.core;

/**
 * Smoothed round-trip time and its deviation, as TCP keeps them (RFC 6298), giving a
 * retransmission timeout of SRTT + 4 x RTTVAR between configured bounds. Not final: a record of a
 * neighbour may extend it to carry its estimate without an extra object per neighbour.
 */
public class RttEstimator {
    private float srttMs;
    private float rttvarMs;
    private boolean sampled;

    /** Folds in one measured round trip. */
    public void sample(long rttMs) {
        float r = Math.max(0, rttMs);
        if (!sampled || r < srttMs / 4) {
            // A first contact often pays for connection set-up (TCP and the authentication
            // handshake); when a round trip four times shorter shows up, start again from it.
            srttMs = r;
            rttvarMs = r / 2;
            sampled = true;
        } else {
            rttvarMs = 0.75f * rttvarMs + 0.25f * Math.abs(srttMs - r);
            srttMs = 0.875f * srttMs + 0.125f * r;
        }
    }

    public boolean hasSample() {
        return sampled;
    }

    /** Smoothed RTT, or {@code fallbackMs} before the first sample. */
    public long srttMs(long fallbackMs) {
        return sampled ? Math.round(srttMs) : fallbackMs;
    }

    /** SRTT + 4 x RTTVAR clamped to [minMs, maxMs]; {@code maxMs} before the first sample. */
    public long timeoutMs(long minMs, long maxMs) {
        if (!sampled) {
            return maxMs;
        }
        long t = Math.round(srttMs + 4 * rttvarMs);
        return Math.max(minMs, Math.min(maxMs, t));
    }
}
