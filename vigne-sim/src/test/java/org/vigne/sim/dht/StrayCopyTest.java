package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;

/**
 * A copy of a key that lands on a node far from the key (outside its leaf-set range, where it
 * cannot see the key's replicas) walks toward the key one holder at a time and is dropped once the
 * replicas hold it; it does not flood the ring. Each holder used to hand it off to the r leaf-set
 * members nearest the key, none of them replicas, each of which did the same, so one stray copy
 * caused dozens of hand-offs on a still ring, and thousands under churn.
 */
class StrayCopyTest {
    private static final int NODES = 64;
    private static final int R = 3;

    @Test
    void strayCopyFarFromItsKey_walksToTheReplicas_withoutFlooding() {
        DhtTestbed t = new DhtTestbed("strayCopyFarFromItsKey", 41, NODES, R);
        Id key = Id.sha1("stray");
        byte[] value = t.value(16);
        DhtResult put = t.await(t.clientFor(key), (d, done) -> d.put(key, value, done));
        assertThat(put.status()).as(t + ": put").isEqualTo(DhtResult.Status.OK);
        t.run(30_000);
        List<SimNode> byDistance = t.oracle.closest(key, NODES);
        SimNode far = byDistance.get(NODES - 1);
        SimNode sender = byDistance.get(NODES - 2);
        long before = handedOff(t);

        sender.send(far.self(), new DhtMessage.Transfer(DhtTestbed.DHT,
                List.of(new DhtMessage.Item(key, put.version(), value, false)), 1, DhtMessage.Purpose.HANDOFF));
        t.run(120_000);

        long handoffs = handedOff(t) - before;
        List<SimNode> replicas = t.oracle.closest(key, R);
        int strays = 0;
        for (SimNode n : t.population.members()) {
            boolean holds = DhtTestbed.dht(n).localVersion(key) > 0;
            if (replicas.contains(n)) {
                assertThat(DhtTestbed.dht(n).localVersion(key)).as(t + ": version at replica " + n.index())
                        .isEqualTo(put.version());
            } else if (holds) {
                strays++;
            }
        }
        assertThat(strays).as(t + ": copies left outside the replicas 2 minutes after the stray one landed")
                .isZero();
        // Half the ring away with a leaf set of 16 (8 a side): a walk takes about 32 / 8 = 4 hand-offs.
        assertThat(handoffs).as(t + ": hand-offs caused by one stray copy half the ring away").isBetween(1L, 10L);
    }

    private static long handedOff(DhtTestbed t) {
        long n = 0;
        for (SimNode m : t.population.members()) {
            n += DhtNode.of(m).service().counters().handedOff();
        }
        return n;
    }
}
