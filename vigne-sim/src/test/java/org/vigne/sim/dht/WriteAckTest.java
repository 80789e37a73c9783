package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtResult.Status;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.SimNode;

/**
 * The write path in which replicas acknowledge a write straight to the node that issued it: that
 * node completes the put only once r nodes hold the version the root ordered, whether it is outside
 * the key's replica set, one of its replicas or its root; and the root answers it only where those
 * acknowledgements cannot (itself as the issuer), so a put from elsewhere costs one request, r - 1
 * stores and r - 1 acknowledgements to each of the issuer and the root, and three one-way delays.
 */
class WriteAckTest {
    private static final int R = 3;

    /** Where the client of a put sits with respect to the key's replica set. */
    private enum Seat { OUTSIDE, REPLICA, ROOT }

    @Test
    void putCompletes_onlyOnceRNodesHoldItsVersion_whereverTheClientSits() {
        DhtTestbed t = new DhtTestbed("putCompletes_onlyOnceRNodesHoldItsVersion", 23, 16, R);
        // The first copy of every store to the farthest replica is lost: a client that counted one
        // acknowledgement short would complete while only r - 1 nodes hold the write.
        Set<String> storesSeen = new HashSet<>();
        Map<Id, SimNode> farthest = new HashMap<>();
        t.world.setFilter((from, to, msg) -> !(msg instanceof DhtMessage.Store s
                && to.equals(farthest.get(s.item().key()).self()) && storesSeen.add(s.writeId() + ">" + to.id())));
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Seat seat = Seat.values()[i % 3];
            Id key = Id.sha1("write-ack-" + i);
            List<SimNode> replicas = t.oracle.closest(key, R);
            farthest.put(key, replicas.get(R - 1));
            SimNode client = switch (seat) {
                case OUTSIDE -> t.clientFor(key);
                case REPLICA -> replicas.get(1);
                case ROOT -> replicas.get(0);
            };
            int[] holdersAtAck = {-1};
            DhtResult put = t.await(client, (d, done) -> d.put(key, t.value(16), r -> {
                holdersAtAck[0] = holders(t, key, r.version());
                done.accept(r);
            }));
            assertThat(put.status()).as(t + ": put %d from the %s", i, seat).isEqualTo(Status.OK);
            if (holdersAtAck[0] < R) {
                broken.add("put " + i + " from the " + seat + " (" + key.shortString() + ") completed at v"
                        + put.version() + " with " + holdersAtAck[0] + " holders");
            }
        }
        assertThat(storesSeen).as(t + ": stores to the farthest replicas that were lost").hasSizeGreaterThanOrEqualTo(12);
        assertThat(broken).as(t + ": puts that completed before r nodes held their version").isEmpty();
    }

    @Test
    void putFromOutsideTheReplicaSet_isAcknowledgedByTheReplicas_notByTheRoot() {
        DhtTestbed t = new DhtTestbed("putFromOutsideTheReplicaSet_isAcknowledgedByTheReplicas", 29, 16, R);
        Map<Class<?>, Integer> sent = new HashMap<>();
        boolean[] counting = {false};
        t.world.setFilter((from, to, msg) -> {
            if (counting[0] && (msg instanceof DhtMessage.Request || msg instanceof DhtMessage.Reply
                    || msg instanceof DhtMessage.Store || msg instanceof DhtMessage.StoreAck
                    || msg instanceof DhtMessage.WriteAck)) {
                sent.merge(msg.getClass(), 1, Integer::sum);
            }
            return true;
        });
        int puts = 10;
        for (int i = 0; i < puts; i++) {
            Id key = Id.sha1("outside-" + i);
            SimNode client = t.clientFor(key);
            // A first put makes the root authoritative for the key, so the counted one needs no sync.
            t.awaitQuiet(client, (d, done) -> d.put(key, t.value(16), done));
            counting[0] = true;
            DhtResult put = t.awaitQuiet(client, (d, done) -> d.put(key, t.value(16), done));
            counting[0] = false;
            assertThat(put.status()).as(t + ": put %d", i).isEqualTo(Status.OK);
        }
        t.run(2_000);
        assertThat(sent).as(t + ": messages of " + puts + " puts from outside the replica set").containsOnly(
                Map.entry(DhtMessage.Request.class, puts),
                Map.entry(DhtMessage.Store.class, puts * (R - 1)),
                Map.entry(DhtMessage.WriteAck.class, puts * (R - 1)),
                Map.entry(DhtMessage.StoreAck.class, puts * (R - 1)));
    }

    @Test
    void putFromOutsideTheReplicaSet_takesThreeOneWayDelays() {
        // Every one-way delay is 10 ms: client to root, root to replicas, replicas to client.
        DhtTestbed t = new DhtTestbed("putFromOutsideTheReplicaSet_takesThreeOneWayDelays", 31, 16, R,
                DhtConfig.defaults(), new NetworkModel(10, 10, 0, 0, 0), "10 ms one way, no loss", (n, d) -> { });
        List<Long> putMs = new ArrayList<>();
        List<Long> getMs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Id key = Id.sha1("three-delays-" + i);
            SimNode client = t.clientFor(key);
            t.awaitQuiet(client, (d, done) -> d.put(key, t.value(16), done));
            t.awaitQuiet(client, (d, done) -> d.put(key, t.value(16), done));
            putMs.add(t.lastLatencyMs);
            t.awaitQuiet(client, (d, done) -> d.get(key, done));
            getMs.add(t.lastLatencyMs);
        }
        assertThat(putMs).as(t + ": ms each put took on a root that knows the key's version").containsOnly(30L);
        assertThat(getMs).as(t + ": ms each get took").containsOnly(20L);
    }

    /** Live nodes that hold {@code key} at {@code version} or later. */
    private static int holders(DhtTestbed t, Id key, long version) {
        int n = 0;
        for (SimNode m : t.population.members()) {
            if (DhtTestbed.dht(m).localVersion(key) >= version) {
                n++;
            }
        }
        return n;
    }
}
