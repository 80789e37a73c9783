package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage;
import org.vigne.sim.SimNode;

/**
 * A node that has not joined (yet, or again after a crash) is nobody's root. Its leaf set is empty,
 * so it takes itself for the root of any key routed to it, with no other replica to confirm or sync
 * from: under exp:1.4m churn on 1,000 nodes such a node answered a get of an acknowledged key
 * NOT_FOUND. It must not answer at all: the client's retry routes the request again.
 */
class UnjoinedRootTest {
    @Test
    void aNodeStillJoining_answersNoRequest_andTheClientsRetryReachesTheTrueRoot() {
        DhtTestbed t = new DhtTestbed("unjoined-root", 23, 12, 3);
        List<Id> keys = t.putKeys(1);
        Id key = keys.get(0);
        SimNode late = t.world.newNode();
        int[] replies = new int[1];
        // Its join never completes: everything it sends but the DHT's own messages is lost.
        t.world.setFilter((from, to, m) -> {
            if (from != late) {
                return true;
            }
            if (m instanceof DhtMessage.Reply) {
                replies[0]++;
            }
            return m instanceof DhtMessage;
        });
        t.population.bootAndJoin(late);
        SimNode client = t.population.members().get(0);
        client.send(late.self(), new DhtMessage.Request(DhtTestbed.DHT, key, DhtMessage.Op.GET, new byte[0], 0, 42, client.self()));
        t.run(5_000);

        assertThat(late.overlay().isJoined()).as(t + ": still joining").isFalse();
        assertThat(replies[0]).as(t + ": replies from a node that has not joined").isZero();
        assertThat(t.await(client, (d, done) -> d.get(key, done)).ok()).as(t + ": the key, from its true root").isTrue();
    }
}
