package org.vigne.overlay;

/**
 * Tunables of the overlay, with the defaults used everywhere (simulator and real nodes alike).
 *
 * @param leafSetSize            L: leaf-set members, L/2 on each side
 * @param tableSlotSize          nodes kept per routing-table slot (the lowest-RTT first)
 * @param tickMs                 period of the maintenance tick that drives every periodic task
 * @param nearPullMs             leaf-set push/pull with the successor, this often: it also keeps
 *                               both immediate neighbours of every node heard from
 * @param leafSetPullMs          Bamboo leaf-set push/pull with a random leaf, this often
 * @param nearProbeMs            probe the immediate neighbours when silent this long
 * @param leafProbeMs            probe the other leaf-set members when silent this long
 * @param tableProbeMs           probe routing-table primaries when silent this long (alternates: 2x)
 * @param localTuneMs            local routing-table tuning period (ask a random entry for its row)
 * @param globalTuneMs           global routing-table tuning period (look up an id in an empty slot)
 * @param missedPingsToDeclareDead pings without answer before a neighbour is declared dead
 * @param hopTimeoutMinMs        lower bound of a per-hop or probe timeout (SRTT + 4 x RTTVAR)
 * @param hopTimeoutMaxMs        upper bound, also the timeout before the first RTT sample
 * @param maxHopRetries          next-best hops tried after a hop times out
 * @param maxHops                a routed message is dropped after this many hops (loop guard)
 * @param joinTimeoutMs          a join that has not completed by then is retried
 * @param deadMemoryMs           a node declared dead or departed is not re-learned second-hand for this long
 */
public record OverlayConfig(
        int leafSetSize,
        int tableSlotSize,
        long tickMs,
        long nearPullMs,
        long leafSetPullMs,
        long nearProbeMs,
        long leafProbeMs,
        long tableProbeMs,
        long localTuneMs,
        long globalTuneMs,
        int missedPingsToDeclareDead,
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
        if (tableSlotSize < 1 || tickMs < 1) {
            throw new IllegalArgumentException("routing-table slots and the tick period must be positive");
        }
    }

    /** The defaults. */
    public static OverlayConfig defaults() {
        return new OverlayConfig(16, 2, 5000, 10_000, 60_000, 15_000, 60_000, 600_000, 30_000, 60_000,
                3, 50, 1000, 6, 48, 10_000, 60_000);
    }

    /** This configuration with another number of nodes per routing-table slot. */
    public OverlayConfig withTableSlotSize(int k) {
        return new OverlayConfig(leafSetSize, k, tickMs, nearPullMs, leafSetPullMs, nearProbeMs, leafProbeMs,
                tableProbeMs, localTuneMs, globalTuneMs, missedPingsToDeclareDead, hopTimeoutMinMs, hopTimeoutMaxMs,
                maxHopRetries, maxHops, joinTimeoutMs, deadMemoryMs);
    }

    /** This configuration with another leaf-set size. */
    public OverlayConfig withLeafSetSize(int l) {
        return new OverlayConfig(l, tableSlotSize, tickMs, nearPullMs, leafSetPullMs, nearProbeMs, leafProbeMs,
                tableProbeMs, localTuneMs, globalTuneMs, missedPingsToDeclareDead, hopTimeoutMinMs, hopTimeoutMaxMs,
                maxHopRetries, maxHops, joinTimeoutMs, deadMemoryMs);
    }
}
