package org.vigne.overlay;

/**
 * Tunables of the overlay, with the defaults used everywhere (simulator and real nodes alike).
 *
 * @param leafSetSize            L: leaf-set members, L/2 on each side
 * @param tableSlotSize          nodes kept per routing-table slot (the lowest-RTT first)
 * @param detector               the failure detector's heartbeat, probe periods and target; its
 *                               heartbeat period is also the maintenance tick
 * @param selfCheckMs            a node checks its own place in the ring this often: a lookup of its
 *                               own id from afar, in place of Bamboo's pull from a random leaf
 * @param localTuneMs            local routing-table tuning period (ask a random entry for its row)
 * @param globalTuneMs           global routing-table tuning period (look up an id in an empty slot)
 * @param hopTimeoutMinMs        lower bound of a per-hop timeout (SRTT + 4 x RTTVAR); probes: 4x
 * @param hopTimeoutMaxMs        upper bound, also the timeout before the first RTT sample; probes: 2x
 * @param maxHopRetries          next-best hops tried after a hop times out
 * @param maxHops                a routed message is dropped after this many hops (loop guard)
 * @param joinTimeoutMs          a join that has not completed by then is retried
 * @param deadMemoryMs           a node declared dead or departed is not re-learned second-hand for this long
 */
public record OverlayConfig(
        int leafSetSize,
        int tableSlotSize,
        DetectorConfig detector,
        long selfCheckMs,
        long localTuneMs,
        long globalTuneMs,
        long hopTimeoutMinMs,
        long hopTimeoutMaxMs,
        int maxHopRetries,
        int maxHops,
        long joinTimeoutMs,
        long deadMemoryMs) {

    public OverlayConfig {
        if (leafSetSize < 2 || leafSetSize % 2 != 0) {
            throw new IllegalArgumentException("leaf-set size must be even and at least 2, got " + leafSetSize);
        }
        if (tableSlotSize < 1) {
            throw new IllegalArgumentException("a routing-table slot holds at least one node, got " + tableSlotSize);
        }
        if (detector == null) {
            throw new IllegalArgumentException("the overlay needs a failure detector configuration");
        }
        if (selfCheckMs < 1 || localTuneMs < 1 || globalTuneMs < 1 || joinTimeoutMs < 1 || deadMemoryMs < 0) {
            throw new IllegalArgumentException("maintenance periods must be positive");
        }
        if (hopTimeoutMinMs < 1 || hopTimeoutMaxMs < hopTimeoutMinMs || maxHopRetries < 0 || maxHops < 1) {
            throw new IllegalArgumentException("hop timeouts must be positive, the maximum at least the minimum, and at least one hop allowed");
        }
    }

    /** The defaults. */
    public static OverlayConfig defaults() {
        return new OverlayConfig(16, 2, DetectorConfig.defaults(), 60_000, 30_000, 60_000, 50, 1000, 6, 48, 10_000, 60_000);
    }

    /** Period of the maintenance tick: the heartbeat period. */
    public long tickMs() {
        return detector.heartbeatMs();
    }

    /** This configuration with another number of nodes per routing-table slot. */
    public OverlayConfig withTableSlotSize(int k) {
        return new OverlayConfig(leafSetSize, k, detector, selfCheckMs, localTuneMs, globalTuneMs, hopTimeoutMinMs,
                hopTimeoutMaxMs, maxHopRetries, maxHops, joinTimeoutMs, deadMemoryMs);
    }

    /** This configuration with another leaf-set size. */
    public OverlayConfig withLeafSetSize(int l) {
        return new OverlayConfig(l, tableSlotSize, detector, selfCheckMs, localTuneMs, globalTuneMs, hopTimeoutMinMs,
                hopTimeoutMaxMs, maxHopRetries, maxHops, joinTimeoutMs, deadMemoryMs);
    }

    /** This configuration with another failure detector. */
    public OverlayConfig withDetector(DetectorConfig d) {
        return new OverlayConfig(leafSetSize, tableSlotSize, d, selfCheckMs, localTuneMs, globalTuneMs, hopTimeoutMinMs,
                hopTimeoutMaxMs, maxHopRetries, maxHops, joinTimeoutMs, deadMemoryMs);
    }
}
