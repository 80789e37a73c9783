package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtResult.Status;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;

/**
 * Range authority (a root answers or orders a write without a version sync once every other
 * replica of the range confirmed its digest in the current view) must not let a new root answer
 * from a copy it lacks. The case its two guards protect: a node becomes a key's root in its own
 * view (it lost contact with the old root) while the other replicas still see the old root, and
 * it never received the key. Their confirmations from before its view changed must not count
 * (the view epoch), and the replicas must not confirm its new range while they see other nodes
 * around it (the view hash): both would make it answer NOT_FOUND for an acknowledged key.
 */
class RangeAuthorityTest {
    private static final int R = 3;

    /** The nodes around the chosen key: its root, the node that becomes root, the two other replicas then. */
    private record Around(Id key, SimNode oldRoot, SimNode newRoot, SimNode a, SimNode b) {
    }

    /** What the fault filter did and saw. */
    private static final class Faults {
        boolean cut;
        int copiesLost;
        final Set<SimNode> confirmedBeforeCut = new HashSet<>();
    }

    @Test
    void newRootThatLacksTheKey_syncsBeforeAnswering_whileTheOtherReplicasStillSeeTheOldRoot() {
        DhtTestbed t = new DhtTestbed("newRootThatLacksTheKey_syncsBeforeAnswering", 23, 24, R, DhtConfig.defaults(),
                NetworkModel.wideArea(0), "every copy of the key to the next root lost, then old and next root cut apart",
                (n, d) -> { });
        Around k = chooseKey(t);
        Faults f = new Faults();
        t.world.setFilter((from, to, msg) -> {
            boolean toNew = to.equals(k.newRoot().self());
            if (f.cut && (toNew && from == k.oldRoot() || from == k.newRoot() && to.equals(k.oldRoot().self()))) {
                return false;
            }
            if (toNew && carries(msg, k.key())) {
                f.copiesLost++;
                return false;
            }
            if (toNew && !f.cut && msg instanceof DhtMessage.DigestMatch) {
                f.confirmedBeforeCut.add(from);
            }
            return true;
        });
        byte[] value = t.value(32);
        DhtResult put = t.await(t.clientFor(k.key()), (d, done) -> d.put(k.key(), value, done));
        assertThat(put.status()).as(t + ": first put of the key").isEqualTo(Status.OK);
        t.run(40_000);
        assertThat(f.confirmedBeforeCut).as(t + ": replicas that confirmed the next root's range before the cut"
                + " (the stale confirmations this scenario needs)").contains(k.a(), k.b());

        f.cut = true;
        DhtNode next = DhtNode.of(k.newRoot());
        long limit = t.sim.nowMs() + 120_000;
        while (!next.overlay().isRoot(k.key()) && t.sim.nowMs() < limit) {
            t.run(1_000);
        }
        assertThat(next.overlay().isRoot(k.key())).as(t + ": the next root sees itself as the key's root after the cut")
                .isTrue();
        t.run(30_000);
        for (SimNode replica : List.of(k.a(), k.b())) {
            assertThat(DhtNode.of(replica).overlay().leafSetMembers())
                    .as(t + ": leaf set of node %d, which must still see the old root", replica.index())
                    .contains(k.oldRoot().self());
        }
        long syncsBefore = next.service().counters().syncs();
        DhtResult got = t.await(k.newRoot(), (d, done) -> d.get(k.key(), done));
        long syncs = next.service().counters().syncs() - syncsBefore;
        DhtResult put2 = t.await(k.newRoot(), (d, done) -> d.put(k.key(), t.value(32), done));

        String where = "key " + k.key().shortString() + " acknowledged at v" + put.version() + " by node "
                + k.oldRoot().index() + "; node " + k.newRoot().index() + " never got a copy (" + f.copiesLost
                + " lost) and answered after losing contact with node " + k.oldRoot().index() + ", while nodes "
                + k.a().index() + " and " + k.b().index() + " still saw it (" + syncs + " syncs for the get)";
        assertThat(got.status()).as(t + ": get at the new root, " + where).isEqualTo(Status.OK);
        assertThat(got.version()).as(t + ": version read at the new root, " + where).isEqualTo(put.version());
        assertThat(got.value()).as(t + ": value read at the new root, " + where).isEqualTo(value);
        assertThat(put2.status()).as(t + ": put at the new root, " + where).isEqualTo(Status.OK);
        assertThat(put2.version()).as(t + ": version the new root ordered, " + where).isGreaterThan(put.version());
    }

    /**
     * A key whose second-closest node, once the closest is out of its view, has the key's other two
     * replicas within r - 1 positions of it on the ring: the nodes its confirmations come from.
     */
    private static Around chooseKey(DhtTestbed t) {
        List<Id> ring = new ArrayList<>();
        for (SimNode m : t.population.members()) {
            ring.add(m.self().id());
        }
        ring.sort(null);
        for (int i = 0; i < 1_000; i++) {
            Id key = Id.sha1("range-authority-" + i);
            List<SimNode> c = t.oracle.closest(key, R + 1);
            if (near(ring, c.get(1), c.get(2)) && near(ring, c.get(1), c.get(3))) {
                return new Around(key, c.get(0), c.get(1), c.get(2), c.get(3));
            }
        }
        throw new IllegalStateException(t + ": no key with its replicas next to its next root");
    }

    /** True when {@code x} is within r - 1 ring positions of {@code center}, either side. */
    private static boolean near(List<Id> ring, SimNode center, SimNode x) {
        int d = Math.abs(ring.indexOf(center.self().id()) - ring.indexOf(x.self().id()));
        return Math.min(d, ring.size() - d) <= R - 1;
    }

    /** True when {@code msg} carries a copy of {@code key}'s value (a write or a transfer). */
    private static boolean carries(Message msg, Id key) {
        if (msg instanceof DhtMessage.Store s) {
            return s.item().key().equals(key);
        }
        if (msg instanceof DhtMessage.Transfer tr) {
            return tr.items().stream().anyMatch(it -> it.key().equals(key));
        }
        return false;
    }
}
