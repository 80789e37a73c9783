package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.gcs.GroupId;
import org.vigne.sim.SimNode;

/**
 * A leader's node that leaves gracefully hands each group it leads over to a follower first (Raft's
 * leadership transfer), so the group has a new leader within a few round trips. A crashed leader is
 * replaced only once its node's lease lapses (1.25 s) and an election ran.
 */
class GcsGracefulLeaveTest {
    private static final int SEEDS = 3;
    /** Under the lease's lapse: only a hand-over elects this fast. */
    private static final long HAND_OVER_MS = 1_000;

    @Test
    void aLeaderThatLeavesGracefully_handsItsGroupOver_beforeALeaseCouldLapse() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("graceful leave", seed, 9, 5);
            try {
                GroupId g = t.group("g");
                assertThat(t.create(g).ok()).as(t + ": created").isTrue();
                assertThat(t.submitAndWait(g).ok()).as(t + ": a first command").isTrue();
                t.run(2_000);
                SimNode leader = t.leader(g);
                long term = GcsTestbed.node(leader).gcs().info(g).term();
                long start = t.sim.nowMs();
                t.population.leave(leader);
                SimNode next = null;
                while (t.sim.nowMs() - start < 10_000) {
                    t.run(20);
                    SimNode l = t.leader(g);
                    if (l != null && l != leader && GcsTestbed.node(l).gcs().info(g).term() > term) {
                        next = l;
                        break;
                    }
                }
                assertThat(next).as(t + ": a new leader").isNotNull();
                assertThat(t.sim.nowMs() - start).as(t + ": ms from the leave to the new leader").isLessThan(HAND_OVER_MS);
                assertThat(t.submitAndWait(g).ok()).as(t + ": a command under the new leader").isTrue();
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }
}
