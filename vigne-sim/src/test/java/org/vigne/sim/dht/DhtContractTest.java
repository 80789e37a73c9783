package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtHandler;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtResult.Status;
import org.vigne.dht.DhtService;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;
import org.vigne.sim.experiment.DhtReplicaCheck;

/**
 * The promises of the {@code Dht} and {@code DhtHandler} contracts that no scenario exercises:
 * what a faulty handler or callback costs (a count, nothing else), which arguments and names are
 * refused, bounds on work in flight, and what a leaving node still answers.
 */
class DhtContractTest {

    @Test
    void handlerThatThrows_isCountedAndIgnored_keysStillMoveToTheirReplicas() {
        DhtHandler broken = new DhtHandler() {
            @Override
            public void replicaSetChanged(Id key, List<NodeHandle> oldSet, List<NodeHandle> newSet) {
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void rootGained(Id key) {
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void rootLost(Id key) {
                throw new IllegalStateException("handler bug");
            }
        };
        DhtTestbed t = new DhtTestbed("handlerThatThrows", 41, 24, 3, DhtConfig.defaults(),
                (n, d) -> d.dht().setHandler(broken));
        List<Id> keys = t.putKeys(60);
        t.crash(t.oracle.root(keys.get(0)));
        t.run(90_000);
        DhtReplicaCheck.Report r = t.check();
        long errors = 0;
        for (SimNode n : t.oracle.members()) {
            errors += DhtNode.of(n).service().counters().handlerErrors();
        }

        assertThat(errors).as(t + ": handler exceptions counted").isGreaterThanOrEqualTo(3L * keys.size());
        assertThat(r.lost()).as(t + ": keys lost, e.g. " + r.lostExamples()).isZero();
        assertThat(r.underReplicated()).as(t + ": under-replicated keys, e.g. " + r.underExamples()).isZero();
        assertThat(r.strayCopies()).as(t + ": copies left on nodes outside their key's r replicas, e.g. "
                + r.strayExamples()).isZero();
    }

    @Test
    void callbackThatThrows_isCounted_andTheNodeCarriesOn() {
        DhtTestbed t = new DhtTestbed("callbackThatThrows", 43, 12, 3);
        Id key = Id.sha1("thrown");
        SimNode n = t.clientFor(key);
        DhtNode.of(n).dht().put(key, new byte[] {1}, r -> {
            throw new IllegalStateException("callback bug");
        });
        t.run(5_000);
        DhtResult after = t.await(n, (d, done) -> d.get(key, done));

        assertThat(DhtNode.of(n).service().counters().callbackErrors()).as(t + ": callback exceptions counted").isEqualTo(1);
        assertThat(after.status()).as(t + ": the put went through all the same").isEqualTo(Status.OK);
        assertThat(after.value()).containsExactly(1);
    }

    @Test
    void namesAndDegrees_outsideTheirRange_areRefused_andCreateIsIdempotent() {
        DhtTestbed t = new DhtTestbed("namesAndDegrees", 47, 4, 3);
        DhtService svc = DhtNode.of(t.population.randomMember()).service();

        assertThatThrownBy(() -> svc.create("", 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> svc.create("x".repeat(256), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> svc.create("d", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..9");
        assertThatThrownBy(() -> svc.create("d", DhtService.MAX_REPLICAS + 1)).isInstanceOf(IllegalArgumentException.class);
        Dht d = svc.create("x".repeat(255), DhtService.MAX_REPLICAS);
        assertThat(svc.create("x".repeat(255), DhtService.MAX_REPLICAS)).isSameAs(d);
        assertThat(svc.dht("x".repeat(255))).containsSame(d);
        assertThat(svc.dht("never created")).isEmpty();
        assertThatThrownBy(() -> svc.create(DhtTestbed.DHT, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists with 3 replicas");
        assertThat(d.name()).isEqualTo("x".repeat(255));
        assertThat(d.replicas()).isEqualTo(DhtService.MAX_REPLICAS);
    }

    @Test
    void operationsWithoutKeyValueOrWithANegativeVersion_areRefusedAtOnce() {
        DhtTestbed t = new DhtTestbed("operationsWithoutKeyOrValue", 53, 4, 3);
        Dht d = DhtNode.of(t.population.randomMember()).dht();
        Id key = Id.sha1("k");

        assertThatThrownBy(() -> d.get(null, r -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.get(key, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.put(key, null, r -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remove");
        assertThatThrownBy(() -> d.putIfVersion(key, null, 0, r -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.putIfVersion(key, new byte[1], -1, r -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void messagesNamingAnUnknownDht_areCountedAndDropped() {
        DhtTestbed t = new DhtTestbed("messagesNamingAnUnknownDht", 59, 6, 3);
        SimNode a = t.population.members().get(0);
        SimNode b = t.population.members().get(1);
        long before = DhtNode.of(b).service().counters().unknownDht();
        a.send(b.self(), new DhtMessage.Digest("no such dht", 1, 1));
        a.send(b.self(), new DhtMessage.Fetch("no such dht", List.of(Id.sha1("k"))));
        DhtNode.of(a).overlay().route(b.self().id(), new DhtMessage.Request("no such dht", b.self().id(),
                DhtMessage.Op.GET, new byte[0], 0, 1, a.self()));
        t.run(2_000);

        assertThat(DhtNode.of(b).service().counters().unknownDht() - before).as(t + ": messages for an unknown DHT")
                .isEqualTo(3);
    }

    @Test
    void operationsBeyondTheBoundInFlight_areRefusedAsUnavailable() {
        DhtConfig d = DhtConfig.defaults();
        DhtConfig two = new DhtConfig(d.maxValueBytes(), d.opTimeoutMs(), d.opRetryMs(), d.storeRetryMs(),
                d.syncTimeoutMs(), d.antiEntropyMs(), d.reactDelayMs(), d.tombstoneTtlMs(), d.leaveTimeoutMs(), 2,
                d.maxTransferBytes());
        DhtTestbed t = new DhtTestbed("operationsBeyondTheBound", 61, 8, 3, two, (n, x) -> { });
        SimNode n = t.population.randomMember();
        List<DhtResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DhtNode.of(n).dht().get(Id.sha1("k" + i), results::add);
        }
        assertThat(DhtNode.of(n).service().pendingWork()).as(t + ": operations in flight right after issuing four")
                .isEqualTo(2);
        t.run(35_000);

        assertThat(results).as(t + ": every operation completed once").hasSize(4);
        assertThat(results).filteredOn(r -> r.status() == Status.UNAVAILABLE)
                .as(t + ": operations refused beyond 2 in flight").hasSize(2)
                .allSatisfy(r -> assertThat(r.error()).contains("too many operations in flight"));
        assertThat(DhtNode.of(n).service().counters().refusedBusy()).isGreaterThanOrEqualTo(2);
        assertThat(DhtNode.of(n).service().pendingWork()).as(t + ": work left in flight 35 s later (a root remembers"
                + " answered requests for twice the operation timeout)").isZero();
    }

    @Test
    void stoppedService_failsWhatIsInFlight_andSendsNothingMore() {
        DhtTestbed t = new DhtTestbed("stoppedService", 71, 12, 3);
        t.putKeys(20);
        SimNode n = t.population.randomMember();
        DhtService svc = DhtNode.of(n).service();
        DhtResult[] inFlight = new DhtResult[1];
        DhtNode.of(n).dht().get(Id.sha1("asked just before the stop"), r -> inFlight[0] = r);
        int[] sentAfter = {0};
        t.world.setFilter((from, to, msg) -> {
            if (from == n && msg instanceof DhtMessage) {
                sentAfter[0]++;
            }
            return true;
        });
        svc.stop();
        svc.stop();
        DhtResult[] late = new DhtResult[1];
        DhtNode.of(n).dht().put(Id.sha1("after the stop"), new byte[] {1}, r -> late[0] = r);
        t.run(30_000);

        assertThat(inFlight[0].status()).as(t + ": an operation in flight when the service stopped").isEqualTo(Status.UNAVAILABLE);
        assertThat(inFlight[0].error()).contains("stopped");
        assertThat(late[0].status()).as(t + ": an operation issued after the stop").isEqualTo(Status.UNAVAILABLE);
        assertThat(sentAfter[0]).as(t + ": DHT messages a stopped service sent in 30 s (digests go every 10 s)").isZero();
    }

    @Test
    void leavingNode_refusesNewOperations_andFinishesItsLeaveOnce() {
        DhtTestbed t = new DhtTestbed("leavingNode", 67, 12, 3);
        t.putKeys(30);
        SimNode n = t.population.randomMember();
        DhtService svc = DhtNode.of(n).service();
        int[] done = new int[2];
        svc.leave(() -> done[0]++);
        svc.leave(() -> done[1]++);
        DhtResult[] late = new DhtResult[1];
        DhtNode.of(n).dht().get(Id.sha1("k"), r -> late[0] = r);
        t.run(10_000);

        assertThat(done).as(t + ": each leave callback ran once").containsExactly(1, 1);
        assertThat(late[0].status()).as(t + ": an operation issued while leaving").isEqualTo(Status.UNAVAILABLE);
        assertThat(late[0].error()).contains("leaving");
    }
}
