package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.dht.DhtMessage;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;

/**
 * Repair on a static ring costs the same whatever the number of keys, once replicas agree: the
 * digests of a round are sums kept per key range, so neither the bytes sent nor the keys visited
 * one by one grow with the keys (issue 13, item 4).
 */
class AntiEntropyCostTest {
    private static final int NODES = 40;
    private static final long MEASURE_MS = 5 * 60_000;

    /** Repair bytes and keys visited by background passes over five quiet minutes, after the keys are in and have settled. */
    private record Cost(long repairBytes, long keyVisits, long keysHeld, String testbed) {
    }

    private static Cost quietCost(int keys) {
        DhtTestbed t = new DhtTestbed("antiEntropyCostFlat_asKeysGrowTwentyfold_onStaticRing", 41, NODES, 3);
        t.putKeys(keys);
        t.run(60_000);
        long[] bytes = {0};
        t.world.setMeter((m, b) -> {
            if (DhtMessage.maintenance(m)) {
                bytes[0] += b;
            }
        });
        long visits0 = visits(t);
        t.run(MEASURE_MS);
        long held = 0;
        for (SimNode n : t.oracle.members()) {
            held += DhtNode.of(n).dht().localKeyCount();
        }
        return new Cost(bytes[0], visits(t) - visits0, held, keys + " keys, " + t);
    }

    private static long visits(DhtTestbed t) {
        long v = 0;
        for (SimNode n : t.oracle.members()) {
            v += DhtNode.of(n).service().counters().backgroundKeyVisits();
        }
        return v;
    }

    @Test
    void antiEntropyCostFlat_asKeysGrowTwentyfold_onStaticRing() {
        Cost few = quietCost(100);
        Cost many = quietCost(2_000);

        assertThat(many.keysHeld()).as(many.testbed() + ": copies held").isEqualTo(3L * 2_000);
        assertThat(few.repairBytes()).as(few.testbed() + ": repair bytes in 5 quiet minutes").isPositive();
        assertThat((double) many.repairBytes())
                .as("repair bytes in 5 quiet minutes (" + many.testbed() + ") against (" + few.testbed() + ")")
                .isLessThanOrEqualTo(1.05 * few.repairBytes());
        assertThat(many.keyVisits()).as(many.testbed() + ": keys visited one by one by background passes in 5 quiet"
                + " minutes (digest rounds must add up per-range sums, not walk the keys)").isZero();
        assertThat(few.keyVisits()).as(few.testbed() + ": keys visited one by one in 5 quiet minutes").isZero();
    }
}
