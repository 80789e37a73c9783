package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * A leader does not re-send an output for ever: it gives up after ten sends to a target that
 * never acknowledges (one a leader tick), and at once when the overlay declares the target dead.
 * Either way the output counts as abandoned and the group's acknowledged watermark moves past it,
 * so followers stop keeping it and the group can go quiet.
 */
class GcsOutputGiveUpTest {
    private static final int SEEDS = 3;
    /** The ledger's limit: sends of one output before its leader gives up. */
    private static final int MAX_SENDS = 10;

    @Test
    void aTargetThatNeverAcknowledges_getsTenSendsThenTheLeaderGivesUp() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Scene s = new Scene("outputNeverAcked", seed);
            try {
                s.t.world.setFilter((from, to, m) -> {
                    if (m instanceof GcsMessage.Output o && to.equals(s.target.self())) {
                        s.sends++;
                        s.outputIndex = o.index();
                    }
                    if (m instanceof GcsMessage.Beats bs && from == s.leader) {
                        for (GcsMessage.Beat b : bs.beats()) {
                            s.beatenAcked = Math.max(s.beatenAcked, b.response() ? -1 : b.outputsAcked());
                        }
                    }
                    return !(m instanceof GcsMessage.OutputAck);
                });
                s.t.submit(s.target, s.g);
                // Applied within a second; then a send every leader tick (one a second), ten in all.
                s.t.run(12_000);
                assertThat(s.t.acked).as(s + ": the command").isEqualTo(1);
                assertThat(s.sends).as(s + ": sends of the output, one a leader tick").isEqualTo(MAX_SENDS);
                assertThat(s.abandoned()).as(s + ": given up after the last send").isEqualTo(1);
                s.t.run(18_000);
                assertThat(s.t.leader(s.g)).as(s + ": the same leader throughout").isSameAs(s.leader);
                assertThat(s.sends).as(s + ": no send once given up").isEqualTo(MAX_SENDS);
                assertThat(s.t.deliveries.values()).as(s + ": delivered once, copies dropped").containsExactly(1);
                assertThat(s.beatenAcked).as(s + ": the followers told the output is settled (they stop keeping it)")
                        .isGreaterThanOrEqualTo(s.outputIndex);
                s.t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    @Test
    void aTargetDeclaredDead_isGivenUpOnWithoutFurtherSends() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Scene s = new Scene("outputTargetDead", seed);
            try {
                s.t.world.setFilter((from, to, m) -> {
                    if (m instanceof GcsMessage.Output && to.equals(s.target.self())) {
                        s.sends++;
                    }
                    return !(m instanceof GcsMessage.Output);
                });
                s.t.submit(s.target, s.g);
                for (int i = 0; i < 250 && s.sends == 0; i++) {
                    s.t.run(20);
                }
                assertThat(s.sends).as(s + ": the output's first send").isEqualTo(1);
                s.t.crash(s.target);
                s.t.run(30_000);
                assertThat(s.t.leader(s.g)).as(s + ": the same leader throughout").isSameAs(s.leader);
                assertThat(s.abandoned()).as(s + ": given up").isEqualTo(1);
                assertThat(s.sends).as(s + ": sends before the target was declared dead").isLessThan(MAX_SENDS);
                int sends = s.sends;
                s.t.run(10_000);
                assertThat(s.sends).as(s + ": no send once given up").isEqualTo(sends);
                s.t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    /** A grid of 9 nodes with one group of 5 and a node outside the group, the target of its output. */
    private static final class Scene {
        final GcsTestbed t;
        final GroupId g;
        final SimNode leader;
        final SimNode target;
        int sends;
        long outputIndex = Long.MAX_VALUE;
        /** The highest acknowledged watermark the leader's beats carried. */
        long beatenAcked = -1;

        Scene(String name, long seed) {
            t = new GcsTestbed(name, seed, 9, 5);
            g = t.group("g");
            assertThat(t.create(g).status()).as(t + ": created").isEqualTo(SubmitResult.Status.OK);
            t.run(1_000);
            leader = t.leader(g);
            List<NodeHandle> members = t.replicas(g).stream().map(GroupInfo::members).findFirst().orElseThrow();
            target = t.population.members().stream().filter(n -> !members.contains(n.self())).findFirst().orElseThrow();
        }

        long abandoned() {
            return GcsTestbed.node(leader).gcs().counters().outputsAbandoned;
        }

        @Override
        public String toString() {
            return t.toString();
        }
    }
}
