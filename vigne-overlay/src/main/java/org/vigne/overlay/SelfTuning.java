package org.vigne.overlay;

/**
 * MSPastry's self-tuning (Castro, Costa and Rowstron 2004): each node estimates the failure rate
 * it observes among its neighbours and sets its routing-table probe period so that the share of
 * dead entries it still routes to stays under a target. The leaf set needs no tuning: a dead
 * member's neighbours notice its silent heartbeats and tell the leaf set at once, so a dead leaf
 * stays about 1.5 heartbeats plus the probes, whatever the churn.
 *
 * <p>Estimate: the times of the last {@link #K} neighbours declared dead are kept; with {@code k}
 * of them over the span {@code T} since the oldest (or since the node joined, when fewer than K),
 * among {@code M} monitored neighbours, the failure rate per neighbour is
 * {@code mu = k / (M * T)}. {@code T} grows while nothing fails, so the estimate decays by itself
 * once churn calms down.
 *
 * <p>Rule: an entry probed after {@code S} of silence and declared dead {@code D} after the first
 * unanswered probe stays in the table, once dead, for {@code S/2 + D} on average, so the share of
 * dead entries is about {@code mu * (S/2 + D)}. Keeping it at the target {@code p} gives
 * {@code S = 2 * (p / mu - D)}, clamped to [{@link DetectorConfig#tableProbeMinMs()},
 * {@link DetectorConfig#tableProbeMaxMs()}]: a quiet ring ({@code mu = 0}) probes as rarely as the
 * maximum allows, harsh churn down to the minimum. Graceful leaves are announced and do not count
 * as failures. Routing through an entry also checks it (an unacknowledged hop is evidence), so
 * the entries in use are caught sooner than the rule assumes.
 */
final class SelfTuning {
    /** Failures remembered: enough for a steady estimate, few enough to follow a change within minutes. */
    static final int K = 16;

    private final DetectorConfig config;
    /** Times of the last K failures, a ring buffer; allocated at the first (a quiet ring has none). */
    private long[] failuresMs;
    private int count;
    private int next;
    private long sinceMs;
    private long tableProbeMs;
    private double ratePerSecond;

    SelfTuning(DetectorConfig config, long nowMs) {
        this.config = config;
        this.sinceMs = nowMs;
        this.tableProbeMs = config.tableProbeMaxMs();
    }

    /** Starts observing afresh (the node joined). */
    void restart(long nowMs) {
        count = 0;
        next = 0;
        sinceMs = nowMs;
        tableProbeMs = config.tableProbeMaxMs();
        ratePerSecond = 0;
    }

    /** A monitored neighbour was declared dead. */
    void failed(long nowMs) {
        if (failuresMs == null) {
            failuresMs = new long[K];
        }
        failuresMs[next] = nowMs;
        next = (next + 1) % K;
        if (count < K) {
            count++;
        }
    }

    /**
     * Recomputes the periods from the failures seen and the number of neighbours monitored now;
     * {@code detectionMs} is the time from a first unanswered probe to a declaration of death.
     */
    void retune(long nowMs, int monitored, long detectionMs) {
        long oldest = count < K ? sinceMs : failuresMs[next];
        double spanSeconds = Math.max(1, nowMs - oldest) / 1000.0;
        ratePerSecond = count == 0 || monitored == 0 ? 0 : count / (monitored * spanSeconds);
        if (ratePerSecond <= 0) {
            tableProbeMs = config.tableProbeMaxMs();
        } else {
            double s = 2 * (config.deadEntryTarget() / ratePerSecond * 1000 - detectionMs);
            tableProbeMs = Math.max(config.tableProbeMinMs(), Math.min(config.tableProbeMaxMs(), Math.round(s)));
        }
    }

    /** Silence after which a routing-table primary is probed (alternates: twice as long). */
    long tableProbeMs() {
        return tableProbeMs;
    }

    /** The estimated failure rate per monitored neighbour, per second. */
    double failureRatePerSecond() {
        return ratePerSecond;
    }
}
