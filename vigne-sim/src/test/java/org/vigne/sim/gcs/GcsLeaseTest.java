package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.SimNode;

/**
 * An active group whose leader lives keeps it, although the leader beats the group itself only
 * when it has something new to say or every {@code GroupLease.REFRESH_PERIODS} (32) heartbeat
 * periods: between those beats its followers take the leader's liveness from its node's lease (one
 * message a second per pair of nodes, whatever the number of groups). With a beat of the group
 * every period (what a group costs without the leases) the count below is 30 times too high;
 * a follower that does not take the lease as its leader's liveness starts an election, and the
 * term moves.
 */
class GcsLeaseTest {
    private static final int SEEDS = 3;
    /** Heartbeat periods (of a second) between two beats of a group when nothing changes. */
    private static final int REFRESH_PERIODS = 32;
    private static final long QUIET_MS = 60_000;

    @Test
    void aLivingLeaderKeepsItsGroup_beatingItOnlyEveryRefreshPeriod() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("lease", seed, 9, 5);
            try {
                GroupId g = t.group("g");
                assertThat(t.create(g).status()).as(t + ": created").isEqualTo(SubmitResult.Status.OK);
                assertThat(t.submitAndWait(g).ok()).as(t + ": a first command").isTrue();
                t.run(2_000);
                SimNode leader = t.leader(g);
                long term = GcsTestbed.node(leader).gcs().info(g).term();
                Map<Long, Integer> beats = new HashMap<>();
                t.world.setFilter((from, to, m) -> {
                    if (from == leader && m instanceof GcsMessage.Beats bs) {
                        for (GcsMessage.Beat b : bs.beats()) {
                            if (!b.response() && b.group().equals(g)) {
                                beats.merge(b.to(), 1, Integer::sum);
                            }
                        }
                    }
                    return true;
                });
                t.run(QUIET_MS);
                GroupInfo info = GcsTestbed.node(leader).gcs().info(g);

                assertThat(info.quiescent()).as(t + ": still active (groups go quiet after two idle minutes)").isFalse();
                assertThat(t.leader(g)).as(t + ": the same leader").isSameAs(leader);
                assertThat(info.term()).as(t + ": the same term (no follower started an election)").isEqualTo(term);
                assertThat(beats).as(t + ": followers beaten").hasSize(4);
                long most = QUIET_MS / 1_000 / REFRESH_PERIODS + 1;
                assertThat(beats.values()).as(t + ": the group's own beats to each follower in " + QUIET_MS / 1_000
                        + " s of nothing new (one every " + REFRESH_PERIODS + " periods)")
                        .allSatisfy(n -> assertThat(n).isBetween(1, (int) most));
                assertThat(t.submitAndWait(g).ok()).as(t + ": a command after the quiet minute").isTrue();
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    /**
     * With 5% of messages lost, a lost lease lets followers run their own election clocks for a
     * moment; each restarts it from the last time it heard the leader's node, and one that began a
     * pre-campaign follows its leader again when the next lease arrives; the leader itself never
     * grants a vote. So a group changes leader only when most of its followers lose the same
     * lease. Measured: no new term on the 3 seeds (7 in all on seeds 1-20). Followers that restart
     * their clocks only from the group's own beats (every 8 s) begin 127 on seed 1; pre-candidates
     * that wait for the group's next beat 12-16; leaders that grant pre-votes when their own clock
     * is old (an idle leader is ticked once a refresh period) 33-48.
     */
    @Test
    void underLoss_followersRestartTheirElectionClocksFromTheNodeLease() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("leaseUnderLoss", seed, 12, 5, NetworkModel.wideArea(0.05),
                    GcsConfig.defaults());
            try {
                GroupId[] groups = new GroupId[8];
                for (int i = 0; i < groups.length; i++) {
                    groups[i] = t.group("g" + i);
                    t.create(groups[i]);
                }
                t.run(5_000);
                long before = terms(t, groups);
                t.run(90_000);
                long elections = terms(t, groups) - before;

                assertThat(elections).as(t + ": terms begun by " + groups.length + " groups in 90 s (at most one for"
                        + " two groups)").isLessThanOrEqualTo(groups.length / 2);
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    /** The sum of the highest term any live replica of each group reached. */
    private static long terms(GcsTestbed t, GroupId[] groups) {
        long sum = 0;
        for (GroupId g : groups) {
            sum += t.replicas(g).stream().mapToLong(GroupInfo::term).max().orElse(0);
        }
        return sum;
    }
}
