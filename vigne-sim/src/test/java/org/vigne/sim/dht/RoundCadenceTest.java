package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.sim.SimNode;

/**
 * What bringing anti-entropy rounds forward costs: a node's rounds (the instants it sends its
 * digests) stay at least two reaction delays apart, and once the ring is quiet again they come
 * back to one per period, with no second chain of rounds left running beside the first.
 */
class RoundCadenceTest {
    private static final int NODES = 32;
    private static final int R = 3;

    @Test
    void roundsBroughtForward_stayApart_andReturnToOnePerPeriod() {
        DhtTestbed t = new DhtTestbed("roundCadence", 7, NODES, R);
        t.putKeys(200);
        t.run(30_000);
        Map<SimNode, List<Long>> rounds = new HashMap<>();
        t.world.setFilter((from, to, m) -> {
            if (m instanceof DhtMessage.Digest || m instanceof DhtMessage.ConfirmDigest) {
                List<Long> at = rounds.computeIfAbsent(from, k -> new ArrayList<>());
                if (at.isEmpty() || at.get(at.size() - 1) != t.sim.nowMs()) {
                    at.add(t.sim.nowMs());
                }
            }
            return true;
        });
        // Three bursts: the two nodes closest to one node crash 1.5 s apart, so that node (and its
        // neighbours) see the second change while the round brought forward by the first is pending
        // or just done.
        for (int burst = 0; burst < 3; burst++) {
            List<SimNode> members = t.population.members();
            SimNode center = members.get(t.random().nextInt(members.size()));
            List<SimNode> closest = t.oracle.closest(center.self().id(), 3);
            for (SimNode n : closest.subList(1, 3)) {
                t.crash(n);
                t.run(1_500);
            }
            t.run(5_000);
        }
        long quietFrom = t.sim.nowMs() + 60_000;
        t.run(120_000);

        DhtConfig dc = DhtConfig.defaults();
        long spacing = 2 * dc.reactDelayMs();
        int broughtForward = 0;
        for (Map.Entry<SimNode, List<Long>> e : rounds.entrySet()) {
            List<Long> at = e.getKey().alive() ? e.getValue() : List.of();
            int quiet = 0;
            for (int i = 1; i < at.size(); i++) {
                long gap = at.get(i) - at.get(i - 1);
                assertThat(gap).as(t + ": gap between two rounds of node " + e.getKey().index() + " at " + at.get(i))
                        .isGreaterThanOrEqualTo(spacing);
                broughtForward += gap < dc.antiEntropyMs() ? 1 : 0;
            }
            for (long a : at) {
                quiet += a >= quietFrom ? 1 : 0;
            }
            if (!at.isEmpty()) {
                assertThat(quiet).as(t + ": rounds of node " + e.getKey().index() + " in the last quiet minute")
                        .isBetween(5, 7);
            }
        }
        assertThat(broughtForward).as(t + ": rounds brought forward by the crashes").isPositive();
    }
}
