package org.vigne.core;

/**
 * Smoothed round-trip time and its deviation, as TCP keeps them (RFC 6298), giving a
 * retransmission timeout of SRTT + 4 x RTTVAR between configured bounds. Not final: a record of a
 * neighbour may extend it to carry its estimate without an extra object per neighbour (hence the
 * flags packed in one byte: a simulated node keeps 100 to 170 of these).
 *
 * <p>Samples may come in microseconds ({@link #sampleMicros}, from {@link Env#nowMicros()}), so a
 * loopback round trip of 0.3 ms reads as such; the estimate keeps the fraction of a millisecond.
 *
 * <p>A first contact pays for what later round trips do not (a TCP connection, the authentication
 * handshake, a cold JVM), so its sample must not stick: while the estimate rests on one sample,
 * any shorter round trip replaces it, and at any time a round trip four times shorter than the
 * estimate starts it again from there (a path that got much faster is no reason to wait for the
 * 1/8 gain to catch up). Warm-up round trips two to four times too long (a busy event loop, code
 * not compiled yet) decay slowly when a path is sampled once a minute (a leaf-set member), so a
 * second rule: {@value #FAST_RUN} round trips in a row, each under half the estimate as it then
 * stands, start it again from the longest of them. Until then every round trip is smoothed in as
 * RFC 6298 says, so a fast run that does not last changes nothing else, and a restart never takes
 * the estimate below a round trip of the run: the timeout (at least 1.5 x SRTT) keeps half a
 * round trip of margin over each of them.
 */
public class RttEstimator {
    /** Round trips in a row under half the estimate that restart it. */
    public static final int FAST_RUN = 3;
    private static final int SAMPLED = 1;
    /** The estimate rests on one sample (the first, or a restart). */
    private static final int LONE = 2;
    /** Restart rules on (one path); off when samples of many paths are pooled. */
    private static final int RESTARTS = 4;
    /** How many round trips in a row were under half the estimate (below {@link #FAST_RUN}), in bits 3 and 4. */
    private static final int RUN_SHIFT = 3;
    private static final int RUN_MASK = 3 << RUN_SHIFT;
    private float srttMs;
    private float rttvarMs;
    /**
     * The longest round trip of the current run under half the estimate, as {@link #encodeRun}
     * makes it (one byte, so a neighbour's record in the overlay stays at 40 bytes); meaningless
     * when the run is empty.
     */
    private byte runMax;
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

    /** Folds in one round trip measured in whole milliseconds. */
    public void sample(long rttMs) {
        fold(Math.max(0, rttMs));
    }

    /**
     * Folds in one round trip measured in microseconds. A whole number of milliseconds in
     * microseconds (the simulator's clock) folds exactly as {@link #sample} would.
     */
    public void sampleMicros(long rttMicros) {
        fold(Math.max(0, rttMicros) / 1000f);
    }

    private void fold(float r) {
        boolean restarts = is(RESTARTS);
        if (!is(SAMPLED) || (restarts && (r < srttMs / 4 || (is(LONE) && r < srttMs)))) {
            restartFrom(r);
            return;
        }
        int run = 0;
        if (restarts && r < srttMs / 2) {
            run = (flags & RUN_MASK) >> RUN_SHIFT;
            int code = encodeRun(r);
            if (run == 0 || code > (runMax & 0xFF)) {
                runMax = (byte) code;
            }
            if (++run >= FAST_RUN) {
                restartFrom(decodeRun(runMax & 0xFF));
                return;
            }
        }
        flags = (byte) ((flags & ~(LONE | RUN_MASK)) | (run << RUN_SHIFT));
        rttvarMs = 0.75f * rttvarMs + 0.25f * Math.abs(srttMs - r);
        srttMs = 0.875f * srttMs + 0.125f * r;
    }

    /**
     * A round trip in eighths of an octave of microseconds, rounded up: {@link #decodeRun} gives it
     * back at most 9% longer, never shorter, so a restart never takes the estimate below a round
     * trip of the run. StrictMath, so that every JVM replays a simulation alike.
     */
    static int encodeRun(float rttMs) {
        double code = Math.ceil(8 * StrictMath.log1p(rttMs * 1000.0) / StrictMath.log(2));
        return (int) Math.min(255, code);
    }

    static float decodeRun(int code) {
        return (float) (StrictMath.expm1(code / 8.0 * StrictMath.log(2)) / 1000.0);
    }

    private void restartFrom(float r) {
        srttMs = r;
        rttvarMs = r / 2;
        flags = (byte) ((flags & ~RUN_MASK) | SAMPLED | LONE);
    }

    private boolean is(int flag) {
        return (flags & flag) != 0;
    }

    public boolean hasSample() {
        return is(SAMPLED);
    }

    /** True when the estimate rests on one sample (the first, or a restart): worth measuring again. */
    public boolean restsOnOneSample() {
        return is(LONE);
    }

    /** Smoothed RTT rounded to the millisecond, or {@code fallbackMs} before the first sample. */
    public long srttMs(long fallbackMs) {
        return hasSample() ? Math.round(srttMs) : fallbackMs;
    }

    /** Smoothed RTT rounded to the microsecond, or {@code fallbackMicros} before the first sample. */
    public long srttMicros(long fallbackMicros) {
        return hasSample() ? Math.round(srttMs * 1000.0) : fallbackMicros;
    }

    /**
     * SRTT + 4 x RTTVAR, but at least 1.5 x SRTT, clamped to [minMs, maxMs]; {@code maxMs} before
     * the first sample. The 1.5 x floor matters once steady samples shrink RTTVAR to almost
     * nothing: the jitter of a long path would then let a live node miss probes sent every few
     * seconds. {@code minMs} matters on loopback, where SRTT is a few tenths of a millisecond: a
     * garbage collection or a busy event loop must not outlast a timeout.
     */
    public long timeoutMs(long minMs, long maxMs) {
        if (!hasSample()) {
            return maxMs;
        }
        long t = Math.round(Math.max(srttMs + 4 * rttvarMs, 1.5f * srttMs));
        return Math.max(minMs, Math.min(maxMs, t));
    }
}
