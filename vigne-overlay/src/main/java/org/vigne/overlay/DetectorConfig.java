package org.vigne.overlay;

/**
 * Tunables of the node's failure detector (see {@link FailureDetector}): how often the successor is
 * told this node is alive, how long a silent leaf-set member waits for a probe, the bounds of the
 * self-tuned routing-table probe period and the share of dead entries it aims at, and how many
 * unanswered probes make a node dead. Every value that would switch detection off (a period of
 * zero, a target outside (0, 1), no probe needed) is refused with a message naming the
 * command-line option that sets it.
 *
 * @param heartbeatMs            every node tells its successor it is alive this often (also the
 *                               maintenance tick); a predecessor silent for 1.5 heartbeats is probed
 * @param leafProbeMs            silence before another leaf-set member is probed: a backstop, since
 *                               the neighbours of a dead node tell the leaf set at once
 * @param tableProbeMinMs        shortest silence before a routing-table primary is probed, however
 *                               harsh the churn (alternates: twice as long)
 * @param tableProbeMaxMs        longest such silence (a quiet ring)
 * @param deadEntryTarget        share of the routing-table entries that may be dead at any instant;
 *                               the table's probe period is tuned to keep it under this
 * @param missedProbesToDeclareDead probes in a row left unanswered before a neighbour is declared dead
 */
public record DetectorConfig(long heartbeatMs, long leafProbeMs, long tableProbeMinMs, long tableProbeMaxMs,
                             double deadEntryTarget, int missedProbesToDeclareDead) {
    public DetectorConfig {
        positive("--heartbeat", heartbeatMs);
        positive("--leaf-probe", leafProbeMs);
        positive("--table-probe-min", tableProbeMinMs);
        positive("--table-probe-max", tableProbeMaxMs);
        if (tableProbeMaxMs < tableProbeMinMs) {
            throw new IllegalArgumentException("--table-probe-max (" + tableProbeMaxMs
                    + " ms) must not be shorter than --table-probe-min (" + tableProbeMinMs + " ms)");
        }
        if (!(deadEntryTarget > 0 && deadEntryTarget < 1)) {
            throw new IllegalArgumentException("--dead-entry-target must be in (0, 1) (a share of the entries), got "
                    + deadEntryTarget);
        }
        if (missedProbesToDeclareDead < 1 || missedProbesToDeclareDead > 100) {
            throw new IllegalArgumentException("--missed-probes must be from 1 to 100, got " + missedProbesToDeclareDead);
        }
    }

    private static void positive(String option, long ms) {
        if (ms <= 0) {
            throw new IllegalArgumentException(option + " must be a positive duration (it would switch failure detection off), got "
                    + ms + " ms");
        }
    }

    /**
     * The defaults: heartbeats every second, silent leaf-set members probed after a minute, the
     * table's probe period tuned between 10 s and 10 minutes for 10% dead entries, 3 probes.
     */
    public static DetectorConfig defaults() {
        return new DetectorConfig(1000, 60_000, 10_000, 600_000, 0.1, 3);
    }

    public DetectorConfig withHeartbeatMs(long ms) {
        return new DetectorConfig(ms, leafProbeMs, tableProbeMinMs, tableProbeMaxMs, deadEntryTarget, missedProbesToDeclareDead);
    }

    public DetectorConfig withLeafProbeMs(long ms) {
        return new DetectorConfig(heartbeatMs, ms, tableProbeMinMs, tableProbeMaxMs, deadEntryTarget, missedProbesToDeclareDead);
    }

    public DetectorConfig withTableProbeMs(long minMs, long maxMs) {
        return new DetectorConfig(heartbeatMs, leafProbeMs, minMs, maxMs, deadEntryTarget, missedProbesToDeclareDead);
    }

    public DetectorConfig withDeadEntryTarget(double target) {
        return new DetectorConfig(heartbeatMs, leafProbeMs, tableProbeMinMs, tableProbeMaxMs, target, missedProbesToDeclareDead);
    }

    public DetectorConfig withMissedProbes(int n) {
        return new DetectorConfig(heartbeatMs, leafProbeMs, tableProbeMinMs, tableProbeMaxMs, deadEntryTarget, n);
    }
}
