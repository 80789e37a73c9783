package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.sim.SimNode;

/**
 * When two of a key's three replicas crash together, the survivor is its first keeper: it alone
 * pushes the key to the two nodes entering the replica set, and the others count on it. If those
 * pushes are lost (or the keeper departs before it sends them, which is what happened under
 * exp:1.4m churn), the key lives on one node until anti-entropy finds the gap. That must happen
 * within a few seconds of the change, not at the survivor's next periodic round, up to
 * {@code antiEntropyMs} (10 s) later: a change among the nodes a node shares keys with brings its
 * next round forward.
 */
class LostPushTest {
    private static final int NODES = 32;
    private static final int R = 3;
    /** Reaction delay, a round brought forward a reaction delay later, digest, summary and push round trips. */
    private static final long REPAIRED_WITHIN_MS = 4_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void keeperPushesLost_replicaSetRefilledWithinSeconds(long seed) {
        DhtTestbed t = new DhtTestbed("keeperPushesLost", seed, NODES, R);
        Id key = Id.sha1("lonely-" + seed);
        DhtResult put = t.await(t.clientFor(key), (d, done) -> d.put(key, t.value(32), done));
        assertThat(put.status()).as(t + ": put").isEqualTo(DhtResult.Status.OK);
        t.run(30_000);
        List<SimNode> closest = t.oracle.closest(key, R + 2);
        SimNode keeper = closest.get(2);
        List<SimNode> entering = closest.subList(3, 5);
        // The pushes of the keeper's first re-placement that sends the key: all sent at one instant.
        Map<NodeHandle, Long> lostAt = new HashMap<>();
        t.world.setFilter((from, to, m) -> {
            if (from == keeper && m instanceof DhtMessage.Transfer tr && tr.purpose() == DhtMessage.Purpose.REPAIR
                    && tr.items().stream().anyMatch(i -> i.key().equals(key))
                    && (lostAt.isEmpty() || lostAt.containsValue(t.sim.nowMs()))) {
                lostAt.put(to, t.sim.nowMs());
                return false;
            }
            return true;
        });

        t.crash(closest.get(0));
        t.crash(closest.get(1));
        long limit = t.sim.nowMs() + 60_000;
        while (lostAt.isEmpty() && t.sim.nowMs() < limit) {
            t.run(10);
        }
        assertThat(lostAt).as(t + ": the keeper's pushes").isNotEmpty();
        long lost = lostAt.values().iterator().next();
        t.run(lost + REPAIRED_WITHIN_MS - t.sim.nowMs());

        for (SimNode n : entering) {
            assertThat(DhtTestbed.dht(n).localVersion(key))
                    .as(t + ": version at node " + n.index() + ", " + REPAIRED_WITHIN_MS + " ms after the keeper's pushes were lost")
                    .isEqualTo(put.version());
        }
    }
}
