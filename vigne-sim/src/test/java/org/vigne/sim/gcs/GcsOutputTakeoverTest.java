package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * An output its leader could not deliver before it crashed is sent by the next leader, and
 * reaches its target once: the followers kept it, since no heartbeat said it was acknowledged.
 */
class GcsOutputTakeoverTest {
    private static final int SEEDS = 4;

    @Test
    void anOutputNotAcknowledgedBeforeTheLeaderCrashes_isDeliveredOnceByTheNextLeader() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("outputTakeover", seed, 9, 5);
            try {
                GroupId g = t.group("g");
                assertThat(t.create(g).status()).isEqualTo(SubmitResult.Status.OK);
                t.run(1_000);
                SimNode leader = t.leader(g);
                SimNode target = t.population.members().stream().filter(n -> n != leader).findFirst().orElseThrow();
                t.world.setFilter((from, to, m) -> !(m instanceof GcsMessage.Output));
                t.submit(target, g);
                // Crash the leader once every replica applied the command (so the next leader applied it as
                // a follower and sends its output only because it kept it), well before the leader would
                // give up on the output (ten sends, one a leader tick).
                for (int i = 0; i < 250 && !(t.acked == 1 && allApplied(t, g)); i++) {
                    t.run(20);
                }
                assertThat(t.acked).as(t + ": the command (its output goes to its submitter)").isEqualTo(1);
                assertThat(allApplied(t, g)).as(t + ": every replica applied it").isTrue();
                assertThat(t.deliveries).as(t + ": nothing delivered while outputs are dropped").isEmpty();
                assertThat(t.leader(g)).as(t + ": the same leader").isSameAs(leader);
                t.crash(leader);
                t.world.setFilter(null);
                t.run(30_000);
                assertThat(t.deliveries).as(t + ": the output, delivered by the next leader").hasSize(1);
                assertThat(t.deliveries.values()).as(t + ": once").containsExactly(1);
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }

    private static boolean allApplied(GcsTestbed t, GroupId g) {
        long applied = t.liveApplied(g);
        return t.replicas(g).stream().allMatch(i -> i.applied() == applied);
    }
}
