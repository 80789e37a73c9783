package org.vigne.sim.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * How fast the DHT returns to r copies after a mass crash, measured against the under-replication
 * that churn alone produces. Under-replicated keys (acknowledged keys held by fewer than r of the
 * r closest live nodes, lost keys aside) are sampled every {@link #SAMPLE_MS}: before the crash
 * (after a first minute of churn, once its level has set in) for the churn level, after it for the
 * curve. The DHT has recovered at the first sample after the crash at or below the churn level
 * (rounded up; zero without churn).
 */
final class RecoveryWatch {
    static final long SAMPLE_MS = 10_000;
    private static final long WARM_UP_MS = 60_000;

    private final long startMs;
    private final long killAtMs;
    private final IntSupplier underReplicated;
    private final Stats before = new Stats();
    private final List<Integer> byMinute = new ArrayList<>();
    private int beforeAll;
    private long beforeAllSum;
    private long nextMs;
    private double recoverySeconds = -1;

    /** Sampling starts at {@code startMs} (churn starts), the crash is at {@code killAtMs}. */
    RecoveryWatch(long startMs, long killAtMs, IntSupplier underReplicated) {
        this.startMs = startMs;
        this.killAtMs = killAtMs;
        this.underReplicated = underReplicated;
        this.nextMs = startMs;
    }

    /** Samples if one is due at {@code nowMs}. */
    void tick(long nowMs) {
        if (nowMs < nextMs) {
            return;
        }
        nextMs += SAMPLE_MS;
        int under = underReplicated.getAsInt();
        if (nowMs < killAtMs) {
            beforeAll++;
            beforeAllSum += under;
            if (nowMs >= startMs + WARM_UP_MS) {
                before.add(under);
            }
            return;
        }
        long sinceKill = nowMs - killAtMs;
        if (sinceKill % 60_000 < SAMPLE_MS) {
            byMinute.add(under);
        }
        if (recoverySeconds < 0 && sinceKill > 0 && under <= churnLevelCeiling()) {
            recoverySeconds = sinceKill / 1000.0;
        }
    }

    /** Mean under-replicated keys before the crash, from churn alone. */
    double churnLevel() {
        if (before.count() > 0) {
            return before.mean();
        }
        return beforeAll == 0 ? 0 : (double) beforeAllSum / beforeAll;
    }

    private double churnLevelCeiling() {
        return Math.ceil(churnLevel());
    }

    /** Seconds from the crash to the first sample at or below the churn level; -1 if never within the run. */
    double recoverySeconds() {
        return recoverySeconds;
    }

    /** Under-replicated keys at each whole minute after the crash (the first right after it). */
    List<Integer> underReplicatedByMinute() {
        return List.copyOf(byMinute);
    }
}
