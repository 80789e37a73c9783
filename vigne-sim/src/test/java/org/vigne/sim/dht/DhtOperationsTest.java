package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtHandler;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtResult.Status;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;
import org.vigne.sim.experiment.DhtReplicaCheck;

/** The DHT operations' contract on a small, quiet ring: versions, conditional puts, limits, removes. */
class DhtOperationsTest {

    @Test
    void conditionalPutWithStaleVersionIsRefused() {
        DhtTestbed t = new DhtTestbed("conditionalPutWithStaleVersionIsRefused", 2, 16, 3);
        Id key = Id.sha1("counter");
        SimNode a = t.population.randomMember();
        SimNode b = t.population.randomMember();

        DhtResult created = t.awaitQuiet(a, (d, done) -> d.putIfVersion(key, new byte[] {1}, 0, done));
        DhtResult readByA = t.awaitQuiet(a, (d, done) -> d.get(key, done));
        DhtResult updatedByB = t.awaitQuiet(b, (d, done) -> d.putIfVersion(key, new byte[] {2}, readByA.version(), done));
        DhtResult staleByA = t.awaitQuiet(a, (d, done) -> d.putIfVersion(key, new byte[] {3}, readByA.version(), done));
        DhtResult mustNotExist = t.awaitQuiet(a, (d, done) -> d.putIfVersion(key, new byte[] {4}, 0, done));
        DhtResult after = t.awaitQuiet(a, (d, done) -> d.get(key, done));

        assertThat(created.status()).as(t + ": create with expected version 0").isEqualTo(Status.OK);
        assertThat(readByA.version()).as(t + ": version read").isEqualTo(created.version());
        assertThat(updatedByB.status()).as(t + ": update on the version read").isEqualTo(Status.OK);
        assertThat(updatedByB.version()).as(t + ": the new version").isGreaterThan(created.version());
        assertThat(staleByA.status()).as(t + ": update on a stale version").isEqualTo(Status.CONFLICT);
        assertThat(staleByA.version()).as(t + ": the conflict carries the current version").isEqualTo(updatedByB.version());
        assertThat(staleByA.value()).as(t + ": and the current value").containsExactly(2);
        assertThat(mustNotExist.status()).as(t + ": 'must not exist' on an existing key").isEqualTo(Status.CONFLICT);
        assertThat(after.value()).as(t + ": the value after the refused puts").containsExactly(2);
        assertThat(after.version()).as(t + ": the version after the refused puts").isEqualTo(updatedByB.version());
    }

    @Test
    void plainPutOnANewRoot_isOrderedAfterTheReplicasVersion() {
        DhtTestbed t = new DhtTestbed("plainPutOnANewRoot", 5, 24, 3);
        Id key = Id.sha1("moves");
        SimNode writer = t.population.randomMember();
        DhtResult first = t.await(writer, (d, done) -> d.put(key, new byte[] {1}, done));
        DhtResult second = t.await(writer, (d, done) -> d.put(key, new byte[] {2}, done));
        // A node whose id is the key itself joins: it becomes the key's root without holding it.
        SimNode newRoot = t.world.newNode(key);
        t.population.bootAndJoin(newRoot);
        while (!newRoot.overlay().isJoined()) {
            t.run(10);
        }
        DhtResult third = t.await(newRoot, (d, done) -> d.put(key, new byte[] {3}, done));
        t.run(30_000);
        DhtResult read = t.await(t.population.randomMember(), (d, done) -> d.get(key, done));

        assertThat(second.version()).as(t + ": versions grow").isGreaterThan(first.version());
        assertThat(third.status()).as(t + ": put through the new root").isEqualTo(Status.OK);
        assertThat(third.version()).as(t + ": ordered after the version the replicas held")
                .isGreaterThan(second.version());
        assertThat(read.value()).as(t + ": the last acknowledged value wins").containsExactly(3);
        assertThat(t.oracle.root(key)).as(t + ": the new node is the root").isSameAs(newRoot);
    }

    @Test
    void valueOverLimitIsRefused() {
        DhtConfig small = DhtConfig.defaults().withMaxValueBytes(1024);
        DhtTestbed t = new DhtTestbed("valueOverLimitIsRefused", 4, 12, 3, small, (n, d) -> { });
        Id key = Id.sha1("big");
        SimNode n = t.population.randomMember();

        DhtResult tooBig = t.await(n, (d, done) -> d.put(key, new byte[1025], done));
        DhtResult tooBigConditional = t.await(n, (d, done) -> d.putIfVersion(key, new byte[4096], 0, done));
        t.run(15_000);
        int stored = 0;
        for (SimNode m : t.oracle.members()) {
            stored += DhtNode.of(m).dht().localKeyCount();
        }
        DhtResult atLimit = t.awaitQuiet(n, (d, done) -> d.put(key, new byte[1024], done));

        assertThat(tooBig.status()).as(t + ": put over the limit").isEqualTo(Status.TOO_LARGE);
        assertThat(tooBig.error()).as(t + ": the error says why").contains("1025").contains("1024");
        assertThat(tooBigConditional.status()).as(t + ": conditional put over the limit").isEqualTo(Status.TOO_LARGE);
        assertThat(stored).as(t + ": keys stored anywhere after refused puts").isZero();
        assertThat(atLimit.status()).as(t + ": put at the limit").isEqualTo(Status.OK);
        assertThat(DhtConfig.defaults().maxValueBytes()).as("default limit").isEqualTo(1 << 20);
    }

    @Test
    void removeLeavesATombstoneThatRepairNeverResurrects() {
        DhtTestbed t = new DhtTestbed("removeLeavesATombstone", 9, 24, 3);
        Id key = Id.sha1("gone");
        SimNode n = t.clientFor(key);
        t.await(n, (d, done) -> d.put(key, new byte[] {7}, done));
        DhtResult removed = t.await(n, (d, done) -> d.remove(key, done));
        t.population.crash(t.oracle.root(key));
        t.run(90_000);
        DhtResult got = t.await(t.clientFor(key), (d, done) -> d.get(key, done));
        DhtResult removedAgain = t.await(n, (d, done) -> d.remove(key, done));
        DhtResult recreated = t.await(n, (d, done) -> d.putIfVersion(key, new byte[] {8}, 0, done));

        assertThat(removed.status()).as(t + ": remove").isEqualTo(Status.OK);
        assertThat(got.status()).as(t + ": get after remove, root crash and repair").isEqualTo(Status.NOT_FOUND);
        assertThat(removedAgain.status()).as(t + ": remove of a removed key").isEqualTo(Status.NOT_FOUND);
        assertThat(recreated.status()).as(t + ": 'must not exist' put on a removed key").isEqualTo(Status.OK);
        assertThat(recreated.version()).as(t + ": versions keep growing past the tombstone").isGreaterThan(removed.version());
    }

    @Test
    void operationsFailFast_onANodeThatHasNotJoined() {
        DhtTestbed t = new DhtTestbed("operationsFailFast_onANodeThatHasNotJoined", 6, 8, 3);
        SimNode lonely = t.world.newNode();
        t.world.boot(lonely, (env, stack) -> DhtNode.setup(org.vigne.overlay.OverlayConfig.defaults(),
                DhtConfig.defaults(), DhtTestbed.DHT, 3).install(env, stack));
        DhtResult[] out = new DhtResult[1];
        long t0 = t.sim.nowMs();
        DhtNode.of(lonely).dht().get(Id.sha1("x"), r -> out[0] = r);
        t.run(1);

        assertThat(out[0]).as(t + ": completed at once").isNotNull();
        assertThat(out[0].status()).as(t + ": status").isEqualTo(Status.UNAVAILABLE);
        assertThat(t.sim.nowMs() - t0).as(t + ": simulated ms taken").isLessThanOrEqualTo(1);
    }

    @Test
    void handlerThatManagesReplication_isInformedButKeysAreNotMoved() {
        List<String> log = new ArrayList<>();
        DhtHandler managing = new DhtHandler() {
            @Override
            public void replicaSetChanged(Id key, List<NodeHandle> oldSet, List<NodeHandle> newSet) {
                if (!oldSet.isEmpty() && !newSet.isEmpty()) {
                    log.add(key.shortString());
                }
            }

            @Override
            public boolean managesReplication() {
                return true;
            }
        };
        DhtTestbed t = new DhtTestbed("handlerThatManagesReplication", 8, 24, 3, DhtConfig.defaults(),
                (n, d) -> d.dht().setHandler(managing));
        List<Id> keys = t.putKeys(40);
        t.population.crash(t.oracle.closest(keys.get(0), 3).get(1));
        t.run(90_000);
        DhtReplicaCheck.Report r = t.check();

        assertThat(log).as(t + ": replica-set changes reported to the managing handler").isNotEmpty();
        assertThat(r.lost()).as(t + ": keys lost").isZero();
        assertThat(r.underReplicated()).as(t + ": keys left under-replicated: the DHT did not copy them").isPositive();
    }
}
