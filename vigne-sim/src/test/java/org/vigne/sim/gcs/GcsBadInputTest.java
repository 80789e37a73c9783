package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsCounters;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GcsMessage.GroupRaft;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.gcs.raft.Role;
import org.vigne.sim.SimNode;

/**
 * Bad input from clients and peers: a command over the size limit is refused with a clear status;
 * a message for a group a node does not host, of a stale term, or from or to a member that left
 * the configuration is dropped and counted, never applied; malformed messages of every kind never
 * throw out of a handler ({@link GcsCounters#handlerErrors} stays zero) and change no replica.
 * Replayed messages are real ones recorded on the wire, so they carry real generations and member ids.
 */
class GcsBadInputTest {
    private static final int LIMIT = 1 << 20;

    @Test
    void aCommandOverTheLimit_isRefusedWithAClearStatus_andOneAtTheLimitCommits() {
        GcsTestbed t = ready("over the limit", 31, 3);
        SimNode from = t.population.randomMember();
        SubmitResult[] out = new SubmitResult[2];
        GcsNode.of(from).gcs().submit(t.group("g"), new byte[LIMIT + 1], r -> out[0] = r);
        GcsNode.of(from).gcs().submit(t.group("g"), ProbeMachine.command(from.self(), 7, LIMIT), r -> out[1] = r);
        t.run(20_000);

        assertThat(out[0].status()).isEqualTo(SubmitResult.Status.TOO_LARGE);
        assertThat(out[0].error()).isEqualTo("command of 1048577 bytes exceeds the limit of 1048576");
        assertThat(out[1].status()).as("a command of exactly the limit").isEqualTo(SubmitResult.Status.OK);
        t.assertSafe();
    }

    @Test
    void aPeersSubmitOverTheLimit_isRefusedAtTheLeader_andNeverApplied() {
        GcsTestbed t = ready("peer over the limit", 32, 3);
        GroupId g = t.group("g");
        SimNode leader = t.leader(g);
        long before = t.replicas(g).get(0).lastIndex();
        long refused = counters(leader).refused;
        SimNode rogue = t.population.randomMember();
        GcsNode.of(leader).gcs().onMessage(rogue.self(), new GcsMessage.Submit(g.kind(), g.key(), 99, 1,
                new byte[LIMIT + 1], false, rogue.self(), 0));
        t.run(5_000);

        assertThat(counters(leader).refused - refused).isEqualTo(1);
        assertThat(t.replicas(g)).allSatisfy(i -> assertThat(i.lastIndex()).isEqualTo(before));
    }

    @Test
    void messagesForAnUnknownGroup_areDroppedAndCounted_andCreateNothing() {
        Recorded b = recorded("unknown group", 33);
        GcsTestbed t = b.t();
        GroupId g = b.g();
        Recorder rec = b.rec();
        GroupRaft real = rec.last(m -> m.body() instanceof RaftMessage.Append);
        NodeHandle sender = t.world.node(rec.port(real.from())).self();
        // Another node than the sender: a sender's own NoReplica answer would come back to it and count once more.
        SimNode target = t.population.randomMember();
        while (target.self().equals(sender)) {
            target = t.population.randomMember();
        }
        GcsCounters c = counters(target);
        long unknown = c.unknownGroup;
        GroupId other = t.group("never created");
        GcsNode.of(target).gcs().onMessage(sender, new GroupRaft(other.kind(), other.key(), real.generation(),
                real.from(), real.to(), real.body(), real.incarnation()));
        GcsNode.of(target).gcs().onMessage(sender, new GroupRaft("no such kind", g.key(), real.generation(),
                real.from(), real.to(), real.body(), real.incarnation()));
        t.run(2_000);

        assertThat(c.unknownGroup - unknown).isEqualTo(2);
        assertThat(GcsNode.of(target).gcs().info(other)).isNull();
        assertThat(c.handlerErrors).isZero();
        t.assertSafe();
    }

    @Test
    void aStaleTermMessage_isDroppedAndCounted_andChangesNoLog() {
        Recorded b = recorded("stale term", 34);
        GcsTestbed t = b.t();
        GroupId g = b.g();
        Recorder rec = b.rec();
        SimNode oldLeader = t.leader(g);
        GroupRaft old = rec.last(m -> m.body() instanceof RaftMessage.Append a && !a.entries().isEmpty());
        t.crash(oldLeader);
        t.run(10_000);
        steady(t, g, 3);
        SimNode follower = t.world.node(rec.port(old.to()));
        GroupInfo was = GcsNode.of(follower).gcs().info(g);
        assertThat(was.term()).as("a new leader's term").isGreaterThan(old.body().term());
        long dropped = counters(follower).raftDropped;
        GcsNode.of(follower).gcs().onMessage(oldLeader.self(), old);
        GroupInfo now = GcsNode.of(follower).gcs().info(g);

        assertThat(counters(follower).raftDropped - dropped).isEqualTo(1);
        assertThat(now.lastIndex()).isEqualTo(was.lastIndex());
        assertThat(now.term()).isEqualTo(was.term());
        assertThat(now.role()).isEqualTo(was.role());
        stillCommitsSafely(t, g);
    }

    @Test
    void messagesToAndFromARemovedMember_areDroppedAndCounted() {
        Recorded b = recorded("removed member", 35);
        GcsTestbed t = b.t();
        GroupId g = b.g();
        Recorder rec = b.rec();
        List<NodeHandle> before = t.replicas(g).get(0).members();
        SimNode newcomer = t.world.newNode(g.key().plus(Id.of(0, 0, 1)));
        t.population.bootAndJoin(newcomer);
        t.run(20_000);
        steady(t, g, 1);
        List<NodeHandle> after = GcsNode.of(t.leader(g)).gcs().info(g).members();
        assertThat(after).as("the newcomer became a member").contains(newcomer.self());
        NodeHandle gone = before.stream().filter(n -> !after.contains(n)).findFirst().orElseThrow();
        GroupRaft toGone = rec.last(m -> m.body() instanceof RaftMessage.Append && rec.portOfMember.containsKey(m.to())
                && rec.port(m.to()) == gone.port() && rec.port(m.from()) != gone.port());
        SimNode goneNode = t.world.node(gone.port());
        SimNode member = t.world.node(rec.port(toGone.from()));
        assertThat(GcsNode.of(goneNode).gcs().info(g)).as("the removed member dropped its replica").isNull();
        long unknown = counters(goneNode).unknownGroup;
        GcsNode.of(goneNode).gcs().onMessage(member.self(), toGone);

        GroupInfo was = GcsNode.of(member).gcs().info(g);
        long notMember = counters(member).notMember;
        GcsNode.of(member).gcs().onMessage(gone, new GroupRaft(g.kind(), g.key(), toGone.generation(), toGone.to(),
                toGone.from(), new RaftMessage.Vote(was.term() + 5, false, false, 1, 1), toGone.incarnation()));

        assertThat(counters(goneNode).unknownGroup - unknown).isEqualTo(1);
        assertThat(GcsNode.of(goneNode).gcs().info(g)).as("an append creates no replica").isNull();
        assertThat(counters(member).notMember - notMember).isEqualTo(1);
        assertThat(GcsNode.of(member).gcs().info(g).term()).as("a removed member's vote request moves no term")
                .isEqualTo(was.term());
        stillCommitsSafely(t, g);
    }

    @Test
    void malformedMessages_neverThrowOutOfAHandler_andChangeNoReplica() {
        Recorded b = recorded("malformed", 36);
        GcsTestbed t = b.t();
        GroupId g = b.g();
        Recorder rec = b.rec();
        t.world.setFilter(null);
        List<GcsMessage> garbage = MalformedGcsMessages.of(rec.messages, g, t.population.randomMember().self(),
                new SplittableRandom(36), 400);
        List<GroupInfo> before = t.replicas(g);
        long malformed = 0;
        for (SimNode n : t.population.members()) {
            malformed -= counters(n).malformed;
        }
        SplittableRandom r = new SplittableRandom(37);
        for (GcsMessage m : garbage) {
            List<SimNode> live = t.population.members();
            SimNode to = live.get(r.nextInt(live.size()));
            GcsNode.of(to).gcs().onMessage(live.get(r.nextInt(live.size())).self(), m);
            GcsNode.of(to).gcs().deliver(g.key(), m, to.self());
        }
        for (SimNode n : t.population.members()) {
            assertThat(counters(n).handlerErrors).as(n.self() + ": messages whose handling threw").isZero();
            malformed += counters(n).malformed;
        }
        assertThat(malformed).as("malformed messages counted").isGreaterThanOrEqualTo(garbage.size() / 2);
        assertThat(t.replicas(g)).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(t.replicas(g).get(i).lastIndex()).isEqualTo(before.get(i).lastIndex());
            assertThat(t.replicas(g).get(i).term()).isEqualTo(before.get(i).term());
        }
        t.run(5_000);
        stillCommitsSafely(t, g);
    }

    // ---- scaffolding ----------------------------------------------------------------------------

    /** A converged ring of 9 nodes with group "g" of {@code r} created and committing. */
    private static GcsTestbed ready(String name, long seed, int r) {
        GcsTestbed t = new GcsTestbed(name, seed, 9, r);
        assertThat(t.create(t.group("g")).status()).isEqualTo(SubmitResult.Status.OK);
        t.run(2_000);
        return t;
    }

    private record Recorded(GcsTestbed t, GroupId g, Recorder rec) {
    }

    /** {@link #ready}, then records the group's log messages while 3 commands commit. */
    private static Recorded recorded(String name, long seed) {
        GcsTestbed t = ready(name, seed, 3);
        GroupId g = t.group("g");
        Recorder rec = record(t, g);
        steady(t, g, 3);
        return new Recorded(t, g, rec);
    }

    private static GcsCounters counters(SimNode n) {
        return GcsNode.of(n).gcs().counters();
    }

    /** Log messages of one group seen on the wire, and the node each member sent from. */
    private static final class Recorder {
        final List<GroupRaft> messages = new ArrayList<>();
        final java.util.Map<Long, Integer> portOfMember = new java.util.HashMap<>();

        /** The node (port) that sent as member {@code member}. */
        int port(long member) {
            Integer port = portOfMember.get(member);
            if (port == null) {
                throw new AssertionError("member " + member + " never sent");
            }
            return port;
        }

        GroupRaft last(java.util.function.Predicate<GroupRaft> p) {
            return messages.stream().filter(p).reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Records every log message of {@code g} sent from now on (all are let through). */
    private static Recorder record(GcsTestbed t, GroupId g) {
        Recorder rec = new Recorder();
        t.world.setFilter((from, to, m) -> {
            if (m instanceof GroupRaft r && g.equals(r.group())) {
                rec.messages.add(r);
                rec.portOfMember.put(r.from(), from.self().port());
            }
            return true;
        });
        return rec;
    }

    /** The group commits two more commands, and no invariant broke. */
    private static void stillCommitsSafely(GcsTestbed t, GroupId g) {
        steady(t, g, 2);
        t.assertSafe();
    }

    /** {@code n} commands, each waited for, all acknowledged. */
    private static void steady(GcsTestbed t, GroupId g, int n) {
        for (int i = 0; i < n; i++) {
            SubmitResult r = t.submitAndWait(g);
            assertThat(r.status()).as(t + ": " + r.error()).isEqualTo(SubmitResult.Status.OK);
        }
    }
}
