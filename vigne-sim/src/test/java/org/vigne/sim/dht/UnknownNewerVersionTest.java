package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.sim.SimNode;

/**
 * A root orders a write at the version after the one it knows. A replica may hold a newer one the
 * root never heard of (a write ordered by an earlier root, which the new root's sync missed).
 * Its acknowledgement names that version, and the root orders the write again after it. Had the
 * root counted it as done, the acknowledged value would sit under an older version than the
 * replica's: the replica would keep its own, and once the root is gone the key would read back the
 * older write. Nothing else exercises this path; PIT found it without a test.
 */
class UnknownNewerVersionTest {
    @Test
    void aWriteIsOrderedAfterAVersionOnlyAReplicaKnew_andSurvivesTheRoot() {
        DhtTestbed t = new DhtTestbed("unknown-newer-version", 29, 16, 3);
        Id key = t.putKeys(1).get(0);
        // Some anti-entropy rounds (10 s apart): the root's ranges are confirmed, so it orders the next
        // write without asking the replicas for their versions first.
        t.run(40_000);
        List<SimNode> set = t.oracle.closest(key, 3);
        SimNode root = set.get(0);
        SimNode replica = set.get(1);
        SimNode client = t.clientFor(key);
        long current = t.await(client, (d, done) -> d.get(key, done)).version();
        // What an earlier root's writes would have left on one replica only: five writes later (a
        // version's counter is above its 16 bits of root tag).
        long newer = (((current >>> 16) + 5) << 16) | 7;
        byte[] older = t.value(32);
        client.send(replica.self(), new DhtMessage.Store(DhtTestbed.DHT, new DhtMessage.Item(key, newer, older, false),
                -1, client.self(), -1, 1));
        t.run(300);

        byte[] value = t.value(32);
        DhtResult put = t.await(client, (d, done) -> d.put(key, value, done));
        assertThat(put.ok()).as(t + ": the put").isTrue();
        assertThat(put.version()).as(t + ": the put's version, after the replica's " + newer).isGreaterThan(newer);

        t.crash(root);
        t.run(20_000);
        DhtResult get = t.await(client, (d, done) -> d.get(key, done));
        assertThat(get.ok()).as(t + ": the get after the root's crash").isTrue();
        assertThat(get.value()).as(t + ": the acknowledged value, from the next root").isEqualTo(value);
    }
}
