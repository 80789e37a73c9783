package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtResult.Status;
import org.vigne.dht.DhtService;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;
import org.vigne.sim.experiment.DhtReplicaCheck;

/**
 * Promises of the root and of hand-offs that hold on a quiet ring and that the churn scenarios,
 * which wait minutes for things to settle, cannot tell from a slower path: a get never overtakes a
 * write in flight, a retried request is answered, not executed again, a misdirected request is
 * routed on, a leaf-set change re-places keys after {@code reactDelayMs} (not at the next
 * anti-entropy round), and a graceful leave ends as soon as its hand-offs are acknowledged,
 * resending them until they are, and at its timeout at the latest.
 */
class RootAndHandoffTest {

    /** Anti-entropy rounds far apart, so only the reactions a promise names can move keys within a test. */
    private static final DhtConfig SLOW_ROUNDS = DhtConfig.defaults().withAntiEntropyMs(120_000);

    @Test
    void getArrivingWhileAWriteIsInFlight_waitsForItsAcknowledgement() {
        DhtTestbed t = new DhtTestbed("getArrivingWhileAWriteIsInFlight", 31, 12, 3);
        Id key = Id.sha1("parked");
        SimNode root = t.oracle.root(key);
        boolean[] storesLost = {true};
        t.world.setFilter((from, to, msg) -> !(storesLost[0] && msg instanceof DhtMessage.Store));
        DhtResult[] put = new DhtResult[1];
        DhtResult[] get = new DhtResult[1];
        long[] order = new long[2];
        DhtTestbed.dht(t.clientFor(key)).put(key, new byte[] {5}, r -> put[0] = r);
        t.run(400);
        DhtTestbed.dht(t.clientFor(key)).get(key, r -> {
            get[0] = r;
            order[1] = t.sim.nowMs();
        });
        t.run(300);
        int workAtRoot = DhtNode.of(root).service().pendingWork();
        storesLost[0] = false;
        long releasedAt = t.sim.nowMs();
        t.run(3_000);

        assertThat(workAtRoot).as(t + ": work in flight at the root (the write, and the put it remembers; a get is"
                + " not remembered)").isEqualTo(2);
        assertThat(put[0].status()).as(t + ": the put, once its stores get through").isEqualTo(Status.OK);
        assertThat(get[0]).as(t + ": a get parked behind the write is answered when the write is").isNotNull();
        assertThat(get[0].status()).as(t + ": the parked get").isEqualTo(Status.OK);
        assertThat(get[0].version()).as(t + ": it reads the version just acknowledged").isEqualTo(put[0].version());
        assertThat(get[0].value()).containsExactly(5);
        assertThat(order[1]).as(t + ": when the get completed (the stores got through at " + releasedAt + " ms; the"
                + " root answers it with the write, not the client's retry 3 s after it was sent)")
                .isGreaterThan(releasedAt).isLessThan(releasedAt + 1_000);
    }

    @Test
    void getsAreNotRemembered_soTheyCannotCrowdWritesOutOfTheRootsRetryMemory() {
        DhtTestbed t = new DhtTestbed("getsAreNotRemembered", 37, 12, 3);
        Id key = Id.sha1("read often");
        SimNode root = t.oracle.root(key);
        DhtResult put = t.await(t.clientFor(key), (d, done) -> d.put(key, new byte[] {7}, done));
        t.run(1_000);
        int afterPut = DhtNode.of(root).service().pendingWork();
        List<DhtResult> gets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            gets.add(t.await(t.clientFor(key), (d, done) -> d.get(key, done)));
        }

        assertThat(put.status()).isEqualTo(Status.OK);
        assertThat(afterPut).as(t + ": the root remembers the put it answered, once every replica acknowledged it").isEqualTo(1);
        assertThat(gets).as(t + ": every get reads the put").allSatisfy(g -> assertThat(g.version()).isEqualTo(put.version()));
        assertThat(DhtNode.of(root).service().pendingWork())
                .as(t + ": what the root remembers after 20 gets (a get is idempotent: a retry may run again)")
                .isEqualTo(afterPut);
    }

    @Test
    void aRefusalWhoseAnswerIsLost_isGivenAgainToTheClientsRetry() {
        DhtTestbed t = new DhtTestbed("aRefusalWhoseAnswerIsLost", 43, 12, 3);
        Id key = Id.sha1("guarded");
        SimNode client = t.clientFor(key);
        DhtResult created = t.await(client, (d, done) -> d.put(key, new byte[] {1}, done));
        int[] lost = {0};
        t.world.setFilter((from, to, msg) -> {
            if (msg instanceof DhtMessage.Reply r && r.status() == Status.CONFLICT && lost[0] == 0) {
                lost[0]++;
                return false;
            }
            return true;
        });
        DhtResult stale = t.await(client, (d, done) -> d.putIfVersion(key, new byte[] {2}, created.version() + 1, done));

        assertThat(lost[0]).as(t + ": refusals lost").isEqualTo(1);
        assertThat(stale.status()).as(t + ": the retry of a refused conditional put (the root remembers its refusal)")
                .isEqualTo(Status.CONFLICT);
        assertThat(stale.version()).as(t + ": the version it was refused on").isEqualTo(created.version());
    }

    @Test
    void writeThatNoReplicaAcknowledges_timesOut_andReleasesTheKeyForLaterGets() {
        DhtTestbed t = new DhtTestbed("writeThatNoReplicaAcknowledges", 59, 8, 3);
        Id key = Id.sha1("unacknowledged");
        SimNode root = t.oracle.root(key);
        boolean[] storesLost = {true};
        t.world.setFilter((from, to, msg) -> !(storesLost[0] && msg instanceof DhtMessage.Store));
        DhtResult put = t.await(t.clientFor(key), (d, done) -> d.put(key, new byte[] {1}, done));
        t.run(2_000);
        storesLost[0] = false;
        DhtResult get = t.await(t.clientFor(key), (d, done) -> d.get(key, done));

        assertThat(put.status()).as(t + ": a put no replica acknowledged").isEqualTo(Status.TIMEOUT);
        assertThat(DhtNode.of(root).service().counters().writesTimedOut()).as(t + ": writes the root gave up")
                .isEqualTo(1);
        assertThat(get.status()).as(t + ": a later get of the key (the root must not park it behind the write it"
                + " gave up)").isIn(Status.OK, Status.NOT_FOUND);
        assertThat(t.lastLatencyMs).as(t + ": ms that get took").isLessThanOrEqualTo(DhtTestbed.QUIET_OP_MS);
    }

    @Test
    void getWhoseAnswersAreAllLost_timesOutAtTheClient_exactlyAtItsDeadline() {
        DhtTestbed t = new DhtTestbed("getWhoseAnswersAreAllLost", 61, 8, 3);
        Id key = Id.sha1("unanswered");
        SimNode client = t.clientFor(key);
        t.world.setFilter((from, to, msg) -> !(to.equals(client.self()) && msg instanceof DhtMessage));
        DhtResult get = t.await(client, (d, done) -> d.get(key, done));

        assertThat(get.status()).as(t + ": a get whose every answer is lost, retries included").isEqualTo(Status.TIMEOUT);
        assertThat(t.lastLatencyMs).as(t + ": ms to the client's own deadline")
                .isEqualTo(DhtConfig.defaults().opTimeoutMs());
    }

    @Test
    void retriedRequest_whoseRepliesWereLost_getsTheSameReply_notASecondExecution() {
        DhtTestbed t = new DhtTestbed("retriedRequest_whoseReplyWasLost", 37, 12, 3);
        Id key = Id.sha1("once");
        SimNode client = t.clientFor(key);
        // The write's first answer is the replicas' acknowledgements to the client; a retry's is the
        // root's reply. Both are lost once.
        int[] acksLost = {0};
        int[] repliesLost = {0};
        boolean[] creating = {true};
        t.world.setFilter((from, to, msg) -> {
            if (creating[0] && msg instanceof DhtMessage.WriteAck && to.equals(client.self())) {
                acksLost[0]++;
                return false;
            }
            if (msg instanceof DhtMessage.Reply && to.equals(client.self()) && repliesLost[0] < 1) {
                repliesLost[0]++;
                return false;
            }
            return true;
        });
        DhtResult created = t.await(client, (d, done) -> d.putIfVersion(key, new byte[] {1}, 0, done));
        creating[0] = false;
        long syncsBefore = syncs(t);
        DhtResult read = t.awaitQuiet(client, (d, done) -> d.get(key, done));
        DhtResult updated = t.awaitQuiet(client, (d, done) -> d.putIfVersion(key, new byte[] {2}, read.version(), done));

        assertThat(acksLost[0]).as(t + ": the replicas' acknowledgements of the write, lost").isEqualTo(2);
        assertThat(repliesLost[0]).as(t + ": the root's replies lost (the first answer to a retry)").isEqualTo(1);
        assertThat(created.status()).as(t + ": a 'must not exist' put retried twice (" + DhtConfig.defaults().opRetryMs()
                + " ms apart) after its replies were lost: the first answer again, not a CONFLICT with itself")
                .isEqualTo(Status.OK);
        assertThat(read.version()).as(t + ": one write happened").isEqualTo(created.version());
        assertThat(updated.status()).as(t + ": an update on the version read").isEqualTo(Status.OK);
        assertThat(syncs(t) - syncsBefore).as(t + ": syncs by a root that is authoritative for the key and whose view"
                + " did not change").isZero();
    }

    @Test
    void requestSentToANodeThatIsNotTheRoot_isRoutedOnToTheRoot() {
        DhtTestbed t = new DhtTestbed("requestSentToANodeThatIsNotTheRoot", 41, 12, 3);
        Id key = Id.sha1("misdirected");
        SimNode asker = t.clientFor(key);
        DhtResult put = t.awaitQuiet(asker, (d, done) -> d.put(key, new byte[] {9}, done));
        SimNode wrong = t.clientFor(key);
        while (wrong == asker) {
            wrong = t.clientFor(key);
        }
        List<DhtMessage.Reply> replies = new ArrayList<>();
        t.world.setFilter((from, to, msg) -> {
            if (msg instanceof DhtMessage.Reply r && r.requestId() == 4242 && to.equals(asker.self())) {
                replies.add(r);
            }
            return true;
        });
        asker.send(wrong.self(), new DhtMessage.Request(DhtTestbed.DHT, key, DhtMessage.Op.GET, new byte[0], 0, 4242,
                asker.self()));
        t.run(2_000);

        assertThat(replies).as(t + ": answers to a get sent to node " + wrong.index() + ", not the key's root").hasSize(1);
        assertThat(replies.get(0).status()).isEqualTo(Status.OK);
        assertThat(replies.get(0).version()).as(t + ": the root's version").isEqualTo(put.version());
    }

    @Test
    void nodeJoiningAtAKey_holdsIt_withinTheReactDelay_andTheReplicaItDisplacesDropsIt() {
        DhtTestbed t = new DhtTestbed("nodeJoiningAtAKey_holdsIt", 43, 12, 3, SLOW_ROUNDS, (n, d) -> { });
        Id key = Id.sha1("newcomer");
        DhtResult put = t.awaitQuiet(t.clientFor(key), (d, done) -> d.put(key, new byte[] {3}, done));
        t.acked.put(key, put.version());
        SimNode newcomer = t.world.newNode(key);
        t.population.bootAndJoin(newcomer);
        long joinedAt = t.sim.nowMs();
        while (!newcomer.overlay().isJoined()) {
            t.run(10);
        }
        DhtReplicaCheck.Report before = t.check();
        t.run(SLOW_ROUNDS.reactDelayMs() + 2_000 - (t.sim.nowMs() - joinedAt));
        DhtReplicaCheck.Report r = t.check();

        // The check sees the copy the newcomer displaced while it is still there (else its zero below would prove nothing).
        assertThat(before.strayCopies()).as(t + ": copies outside the replica set as the newcomer joins").isEqualTo(1);

        assertThat(DhtTestbed.dht(newcomer).localVersion(key)).as(t + ": version the new root holds "
                + (SLOW_ROUNDS.reactDelayMs() + 2_000) + " ms after it started to join").isEqualTo(put.version());
        assertThat(r.underReplicated()).as(t + ": keys short of r replicas").isZero();
        assertThat(r.strayCopies()).as(t + ": copies left outside the replica set, e.g. " + r.strayExamples()).isZero();
    }

    @Test
    void gracefulLeave_endsAsSoonAsEveryHandoffIsAcknowledged_evenWhenTheFirstOnesAreLost() {
        DhtTestbed t = new DhtTestbed("gracefulLeave_endsAsSoonAsEveryHandoffIsAcknowledged", 47, 12, 3);
        List<Id> keys = t.putKeys(20);
        SimNode leaver = t.population.randomMember();
        long start = t.sim.nowMs();
        int[] transfersLost = {0};
        t.world.setFilter((from, to, msg) -> {
            if (from == leaver && msg instanceof DhtMessage.Transfer && t.sim.nowMs() - start < 500) {
                transfersLost[0]++;
                return false;
            }
            return true;
        });
        long[] doneAfter = {-1};
        List<String> notHeld = new ArrayList<>();
        DhtNode.of(leaver).service().leave(() -> {
            doneAfter[0] = t.sim.nowMs() - start;
            notHeld.addAll(notHeld(t, leaver, keys));
        });
        t.run(10_000);
        long unknown = 0;
        for (SimNode n : t.oracle.members()) {
            unknown += DhtNode.of(n).service().counters().unknownDht();
        }

        assertThat(transfersLost[0]).as(t + ": hand-off transfers lost").isPositive();
        assertThat(doneAfter[0]).as(t + ": ms the leave took (one resend after " + DhtConfig.defaults().storeRetryMs()
                + " ms, not the " + DhtConfig.defaults().leaveTimeoutMs() + " ms timeout)")
                .isBetween(0L, 2 * DhtConfig.defaults().storeRetryMs());
        assertThat(notHeld).as(t + ": keys of the leaver missing on one of the 3 closest other nodes when the leave is done").isEmpty();
        assertThat(unknown).as(t + ": messages a node could not place in a DHT (offers, fetches, transfers)").isZero();
    }

    @Test
    void gracefulLeave_keepsResendingItsHandoffs_untilTheyArrive() {
        DhtTestbed t = new DhtTestbed("gracefulLeave_keepsResendingItsHandoffs", 59, 12, 3);
        List<Id> keys = t.putKeys(20);
        SimNode leaver = t.population.randomMember();
        long retry = DhtConfig.defaults().storeRetryMs();
        long lossMs = 2 * retry + retry / 2;
        List<String> notHeld = new ArrayList<>();
        long[] doneAfter = leaveLosingTransfers(t, leaver, lossMs, () -> notHeld.addAll(notHeld(t, leaver, keys)));

        assertThat(doneAfter[0]).as(t + ": ms the leave took (transfers lost for " + lossMs + " ms, resent every "
                + retry + " ms: the third resend gets through)").isBetween(3 * retry, 4 * retry);
        assertThat(notHeld).as(t + ": keys of the leaver missing on one of the 3 closest other nodes when the leave is done").isEmpty();
    }

    @Test
    void gracefulLeave_whoseHandoffsNeverArrive_endsAtTheLeaveTimeout() {
        DhtTestbed t = new DhtTestbed("gracefulLeave_whoseHandoffsNeverArrive", 61, 12, 3);
        t.putKeys(20);
        SimNode leaver = t.population.randomMember();
        long[] doneAfter = leaveLosingTransfers(t, leaver, Long.MAX_VALUE, () -> { });
        long timeout = DhtConfig.defaults().leaveTimeoutMs();

        assertThat(doneAfter[0]).as(t + ": ms the leave took (its timeout " + timeout + " ms, checked at each resend)")
                .isEqualTo(timeout);
    }

    /**
     * Starts {@code leaver}'s graceful leave, its hand-off transfers lost for {@code lossMs}; runs
     * {@code atDone} when the leave ends, and 10 s in all; answers when it ended (ms after it started, -1 if not).
     */
    private static long[] leaveLosingTransfers(DhtTestbed t, SimNode leaver, long lossMs, Runnable atDone) {
        long start = t.sim.nowMs();
        t.world.setFilter((from, to, msg) -> !(from == leaver && msg instanceof DhtMessage.Transfer
                && t.sim.nowMs() - start < lossMs));
        long[] doneAfter = {-1};
        DhtNode.of(leaver).service().leave(() -> {
            doneAfter[0] = t.sim.nowMs() - start;
            atDone.run();
        });
        t.run(10_000);
        return doneAfter;
    }

    /** The keys the leaver holds that one of the 3 closest other nodes does not hold at its version. */
    private static List<String> notHeld(DhtTestbed t, SimNode leaver, List<Id> keys) {
        List<String> out = new ArrayList<>();
        for (Id key : keys) {
            long v = DhtTestbed.dht(leaver).localVersion(key);
            for (SimNode n : t.oracle.closest(key, 4)) {
                if (v > 0 && n != leaver && DhtTestbed.dht(n).localVersion(key) < v) {
                    out.add(key.shortString() + " v" + v + " not on node " + n.index());
                }
            }
        }
        return out;
    }

    @Test
    void leaveOfANodeWithoutKeys_endsAtOnce_andADegreeOfOneIsAllowed() {
        DhtTestbed t = new DhtTestbed("leaveOfANodeWithoutKeys", 53, 6, 3);
        SimNode n = t.population.randomMember();
        DhtService svc = DhtNode.of(n).service();
        int[] done = {0};
        svc.leave(() -> done[0]++);
        t.run(1);

        assertThat(done[0]).as(t + ": leave callbacks run by a node holding no key").isEqualTo(1);
        assertThat(svc.create("single", 1).replicas()).as(t + ": a DHT without replication").isEqualTo(1);
    }

    private static long syncs(DhtTestbed t) {
        long n = 0;
        for (SimNode m : t.oracle.members()) {
            n += DhtNode.of(m).service().counters().syncs();
        }
        return n;
    }
}
