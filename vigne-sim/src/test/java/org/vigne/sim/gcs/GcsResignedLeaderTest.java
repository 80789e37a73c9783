package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.sim.SimNode;

/**
 * Followers take their leader's liveness from its node's lease, which the node sends as long as
 * it leads any group with followers there, and the leader confirms each group itself only every
 * refresh period (32 s). A leader that stops leading without a successor in sight (its quorum fell
 * silent, or it removed itself) therefore tells its followers ({@code Resigned}), which then run
 * their own election clocks instead of waiting for the confirmation to lapse (65 s of node ticks).
 */
class GcsResignedLeaderTest {
    private static final int SEEDS = 3;

    /**
     * Its quorum falls silent (every follower's messages to its node are lost): it steps down and
     * says so to each follower, and the group goes on under another leader.
     */
    @Test
    void aLeaderThatStepsDown_tellsEachFollower() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("resigns", seed, 9, 5);
            try {
                GroupId g = t.group("g");
                SimNode leader = activeGroupsLeader(t, g);
                GroupInfo led = GcsTestbed.node(leader).gcs().info(g);
                List<SimNode> followers = t.followers(g, leader);
                Map<Long, Long> resigned = new HashMap<>();
                t.world.setFilter((from, to, m) -> {
                    if (from == leader && m instanceof GcsMessage.Resigned r) {
                        resigned.put(r.to(), r.term());
                    }
                    return !(to.equals(leader.self()) && followers.contains(from) && m instanceof GcsMessage);
                });
                // An idle leader checks its quorum on its ticks, once a refresh period (32 s), against
                // the followers heard since its previous check: it steps down at its second idle tick.
                t.run(70_000);

                assertThat(GcsTestbed.node(leader).gcs().info(g).role()).as(t + ": the deaf leader's role")
                        .isNotEqualTo(org.vigne.gcs.raft.Role.LEADER);
                Map<Long, Long> expected = new HashMap<>();
                for (SimNode f : followers) {
                    expected.put(GcsTestbed.node(f).gcs().info(g).member(), led.term());
                }
                assertThat(resigned).as(t + ": notices (follower member -> term led)").isEqualTo(expected);
                t.submit(followers.get(0), g);
                t.run(20_000);
                assertThat(t.acked).as(t + ": a command through a follower after the resignation").isEqualTo(1);
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    /**
     * The followers of a leader whose node goes on leasing them are told it resigned: they stop
     * taking the lease for it and elect another leader within seconds. Without the notice (or when
     * they ignore it) the term stays the same for the confirmation's whole lapse.
     */
    @Test
    void followersToldTheLeaderResigned_electAnotherWithinSeconds() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("told resigned", seed, 9, 5);
            try {
                GroupId g = t.group("g");
                SimNode leader = activeGroupsLeader(t, g);
                GroupInfo led = GcsTestbed.node(leader).gcs().info(g);
                for (SimNode f : t.followers(g, leader)) {
                    GroupInfo fi = GcsTestbed.node(f).gcs().info(g);
                    leader.send(f.self(), new GcsMessage.Resigned(GcsTestbed.KIND, g.key(), led.generation(),
                            led.member(), fi.member(), led.term()));
                }
                t.run(10_000);

                SimNode now = t.leader(g);
                assertThat(now).as(t + ": a leader").isNotNull();
                assertThat(GcsTestbed.node(now).gcs().info(g).term()).as(t + ": the term after the notices")
                        .isGreaterThan(led.term());
                assertThat(t.submitAndWait(g).ok()).as(t + ": a command under the new leader").isTrue();
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    /** Creates {@code g}, commits a first command, and returns its leader's node. */
    private static SimNode activeGroupsLeader(GcsTestbed t, GroupId g) {
        assertThat(t.create(g).ok()).as(t + ": created").isTrue();
        assertThat(t.submitAndWait(g).ok()).as(t + ": a first command").isTrue();
        t.run(2_000);
        return t.leader(g);
    }
}
