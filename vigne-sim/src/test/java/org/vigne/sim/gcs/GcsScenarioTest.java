package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.sim.SimNode;

/**
 * Scripted fault scenarios, each over many seeds, with the {@link GcsChecker} watching every apply,
 * restore, leader and acknowledgement: after the faults heal, the group must commit again, and no
 * invariant may have broken on the way. A failure names the scenario and seed; replay one seed with
 * {@code mvn -pl vigne-sim -am test -Dtest='GcsScenarioTest#<scenario>*' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgcs.seed=<seed>}.
 */
class GcsScenarioTest {
    private static final int SEEDS = Integer.getInteger("gcs.seeds", 40);

    @Test
    void leaderCrashesBetweenAppendAndCommit() {
        scenario("leaderCrashesBetweenAppendAndCommit", 5, (t, g) -> {
            SimNode leader = t.leader(g);
            t.world.setFilter((from, to, m) -> !(to.equals(leader.self()) && body(m) instanceof RaftMessage.AppendResponse));
            for (int i = 0; i < 3; i++) {
                t.submit(t.population.randomMember(), g);
            }
            t.run(50 + t.world.random().nextInt(500));
            t.crash(leader);
            t.world.setFilter(null);
            steadyCommands(t, g, 10_000);
        });
    }

    @Test
    void configurationChangeDuringLeaderChange() {
        scenario("configurationChangeDuringLeaderChange", 3, (t, g) -> {
            SimNode leader = t.leader(g);
            SimNode newcomer = t.world.newNode(nextTo(g.key(), 1));
            t.population.bootAndJoin(newcomer);
            long crashAt = t.world.random().nextInt(6000);
            t.sim.after(crashAt, () -> t.crash(leader));
            steadyCommands(t, g, 15_000);
        });
    }

    @Test
    void partitionThatHeals() {
        scenario("partitionThatHeals", 5, (t, g) -> {
            List<NodeHandle> members = memberNodes(t, g);
            Set<NodeHandle> side = new HashSet<>();
            side.add(t.leader(g).self());
            int extra = t.world.random().nextInt(members.size() - 1);
            for (NodeHandle n : members) {
                if (side.size() <= extra && !side.contains(n)) {
                    side.add(n);
                }
            }
            t.world.setFilter((from, to, m) -> side.contains(from.self()) == side.contains(to));
            steadyCommands(t, g, 5_000 + t.world.random().nextInt(20_000));
            t.world.setFilter(null);
            steadyCommands(t, g, 5_000);
        });
    }

    /**
     * Raft's Figure 8, scripted with partitions (a member cut off plays a crashed one, which can
     * come back). S1 leads term T and gets a large command X onto S2 only; cut off with S2, it is
     * followed by S5, elected in T+1 by S3, S4 and S5, whose no-op never leaves it; S5 is cut off,
     * S1 or S2 wins T+2 and copies X (alone: X is larger than an append) onto S3 and S4, but not its
     * own no-op. X of term T is now on a majority: a leader that committed it by counting replicas
     * would acknowledge it; then S1 and S2 are cut off, S5 comes back, wins T+3 with S3 and S4 (its
     * last term T+1 beats their T) and overwrites X. The checker sees any such loss.
     */
    @Test
    void figure8_oldTermEntryOnAMajorityIsNotCommittedByCounting() {
        scenario("figure8", 5, (t, g) -> {
            List<NodeHandle> members = memberNodes(t, g);
            NodeHandle s1 = t.leader(g).self();
            members.remove(s1);
            NodeHandle s2 = members.remove(t.world.random().nextInt(members.size()));
            Set<NodeHandle> left = Set.of(s1, s2);
            t.world.setFilter((from, to, m) -> !isLog(m) || !(from.self().equals(s1) || to.equals(s1))
                    || from.self().equals(s2) || to.equals(s2));
            long before = lastIndex(t, g, s1);
            t.submitLarge(t.world.node(s1.port()), g);
            awaitState(t, 3000, () -> lastIndex(t, g, s1) > before && lastIndex(t, g, s2) == lastIndex(t, g, s1));
            long term = info(t, g, s1).term();
            t.world.setFilter(cut(left, Set.copyOf(members), true));
            NodeHandle[] s5 = new NodeHandle[1];
            awaitState(t, 8000, () -> {
                for (NodeHandle n : members) {
                    GroupInfo i = info(t, g, n);
                    if (i != null && i.role() == org.vigne.gcs.raft.Role.LEADER && i.term() > term) {
                        s5[0] = n;
                        return true;
                    }
                }
                return false;
            });
            if (s5[0] == null) {
                return;
            }
            members.remove(s5[0]);
            NodeHandle five = s5[0];
            Set<NodeHandle> s34 = Set.copyOf(members);
            long x = before + 1;
            // S3 and S4 may refuse the no-op probe that makes a new leader look for their log's end,
            // but must not get a no-op they would take: X of term T is to reach them alone.
            t.world.setFilter((from, to, m) -> !isLog(m) || (!from.self().equals(five) && !to.equals(five)
                    && !(s34.contains(to) && body(m) instanceof RaftMessage.Append a && hasNoop(a)
                    && lastIndex(t, g, to) >= a.prevIndex())));
            awaitState(t, 6000, () -> appliedAtLeast(t, g, left, x));
            t.world.setFilter((from, to, m) -> !isLog(m) || !(left.contains(from.self()) || left.contains(to)));
            t.run(8000);
        });
    }

    private static boolean appliedAtLeast(GcsTestbed t, GroupId g, Set<NodeHandle> nodes, long index) {
        for (NodeHandle n : nodes) {
            GroupInfo i = info(t, g, n);
            if (i != null && i.applied() >= index) {
                return true;
            }
        }
        return false;
    }

    /** Log messages between {@code a} and {@code b} are lost; with {@code noAppendsFromB}, so are appends sent from {@code b}. */
    private static org.vigne.sim.SendFilter cut(Set<NodeHandle> a, Set<NodeHandle> b, boolean noAppendsFromB) {
        return (from, to, m) -> {
            if (!isLog(m)) {
                return true;
            }
            boolean across = (a.contains(from.self()) && b.contains(to)) || (b.contains(from.self()) && a.contains(to));
            boolean appendFromB = noAppendsFromB && b.contains(from.self()) && body(m) instanceof RaftMessage.Append;
            return !across && !appendFromB;
        };
    }

    private static boolean hasNoop(RaftMessage.Append a) {
        for (org.vigne.gcs.raft.Entry e : a.entries()) {
            if (e.kind() == org.vigne.gcs.raft.EntryKind.NOOP) {
                return true;
            }
        }
        return false;
    }

    private static GroupInfo info(GcsTestbed t, GroupId g, NodeHandle n) {
        SimNode s = t.world.node(n.port());
        GcsNode gn = GcsNode.of(s);
        return gn == null ? null : gn.gcs().info(g);
    }

    private static long lastIndex(GcsTestbed t, GroupId g, NodeHandle n) {
        GroupInfo i = info(t, g, n);
        return i == null ? -1 : i.lastIndex();
    }

    private static void awaitState(GcsTestbed t, long maxMs, java.util.function.BooleanSupplier done) {
        long end = t.sim.nowMs() + maxMs;
        while (!done.getAsBoolean() && t.sim.nowMs() < end) {
            t.run(10);
        }
    }

    @Test
    void snapshotInstalledOnANewMember() {
        scenario("snapshotInstalledOnANewMember", 3, (t, g) -> {
            for (int i = 0; i < 80; i++) {
                t.submit(t.population.randomMember(), g);
                t.run(60);
            }
            t.run(3000);
            List<NodeHandle> before = memberNodes(t, g);
            SimNode newcomer = t.world.newNode(nextTo(g.key(), 1));
            t.population.bootAndJoin(newcomer);
            t.run(20_000);
            assertThat(GcsNode.of(newcomer).gcs().info(g)).as(t + ": the newcomer hosts a replica").isNotNull();
            for (NodeHandle n : before) {
                if (!n.equals(newcomer.self()) && t.world.random().nextBoolean()) {
                    t.crash(t.world.node(n.port()));
                    break;
                }
            }
            steadyCommands(t, g, 20_000);
        });
    }

    @Test
    void clientRetriesAfterALostReply() {
        scenario("clientRetriesAfterALostReply", 3, (t, g) -> {
            t.world.setFilter((from, to, m) -> !(m instanceof GcsMessage.SubmitReply) || t.world.random().nextInt(3) == 0);
            steadyCommands(t, g, 8_000);
            SimNode leader = t.leader(g);
            if (leader != null && t.world.random().nextBoolean()) {
                t.crash(leader);
            }
            steadyCommands(t, g, 8_000);
        });
    }

    // ---- scaffolding ----------------------------------------------------------------------------

    private static void scenario(String name, int replicas, BiConsumer<GcsTestbed, GroupId> script) {
        Integer only = Integer.getInteger("gcs.seed");
        int from = only == null ? 1 : only;
        int to = only == null ? SEEDS : only;
        long acked = 0;
        for (long seed = from; seed <= to; seed++) {
            GcsTestbed t = new GcsTestbed(name, seed, 9, replicas);
            try {
                GroupId g = t.group("g");
                SubmitResult c = t.create(g);
                assertThat(c.status()).as(t + ": creation").isEqualTo(SubmitResult.Status.OK);
                t.run(1000);
                script.accept(t, g);
                t.world.setFilter(null);
                t.run(30_000);
                SubmitResult last = t.submitAndWait(g);
                assertThat(last.status()).as(t + ": a command once the faults healed: " + last.error())
                        .isEqualTo(SubmitResult.Status.OK);
                t.run(3_000);
                GcsChecker.Losses losses = t.checker.finish(t::liveApplied);
                assertThat(losses.total()).as(t + ": acknowledged commands lost").isZero();
                t.assertSafe();
                acked += t.checker.acknowledged();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nreplay with: mvn -pl vigne-sim -am test -Dtest='GcsScenarioTest#"
                        + name + "*' -Dsurefire.failIfNoSpecifiedTests=false -Dgcs.seed=" + seed, e);
            }
        }
        assertThat(acked).as(name + ": commands acknowledged over all seeds").isGreaterThan(to - from + 1);
    }

    /** Commands from random members, about 4 a second, for {@code ms}. */
    private static void steadyCommands(GcsTestbed t, GroupId g, long ms) {
        long end = t.sim.nowMs() + ms;
        while (t.sim.nowMs() < end) {
            t.submit(t.population.randomMember(), g);
            t.run(50 + t.world.random().nextInt(400));
        }
    }

    private static List<NodeHandle> memberNodes(GcsTestbed t, GroupId g) {
        SimNode leader = t.leader(g);
        GroupInfo i = leader == null ? null : GcsNode.of(leader).gcs().info(g);
        return i == null ? new ArrayList<>() : new ArrayList<>(i.members());
    }

    private static Id nextTo(Id key, long offset) {
        return key.plus(Id.of(0, 0, (int) offset));
    }

    private static RaftMessage body(org.vigne.core.Message m) {
        return m instanceof GcsMessage.GroupRaft r ? r.body() : null;
    }

    /** Messages of the groups' logs and heartbeats (not submissions, replies or the overlay's). */
    private static boolean isLog(org.vigne.core.Message m) {
        return m instanceof GcsMessage.GroupRaft || m instanceof GcsMessage.Beats;
    }
}
