package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * A node that has not joined (yet, or again after a crash) stands for no group. Its leaf set is
 * empty, so it takes itself for the root of every key and sees no other member around it: it
 * answered a command for a living group routed to it {@code NO_GROUP} ("no live member hosts this
 * group"), and three such answers in a row make a submitter tell the layer above that the group is
 * gone. It now answers nothing for a group it does not host (the submitter's retry goes round the
 * key's replica set), starts no group, and refuses its own submissions until it has joined.
 */
class GcsUnjoinedNodeTest {
    private static final int SEEDS = 3;

    @Test
    void aNodeStillJoining_neitherAnswersForAGroup_norReportsItGone() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("unjoined", seed, 12, 5);
            try {
                GroupId g = t.group("g");
                GroupId fresh = t.group("fresh");
                assertThat(t.create(g).status()).as(t + ": created").isEqualTo(SubmitResult.Status.OK);
                SimNode late = t.world.newNode();
                int[] answers = new int[1];
                // Its join never completes: everything it sends but group communication is lost.
                t.world.setFilter((from, to, m) -> {
                    if (from != late) {
                        return true;
                    }
                    if (m instanceof GcsMessage.SubmitReply) {
                        answers[0]++;
                    }
                    return m instanceof GcsMessage;
                });
                t.population.bootAndJoin(late);
                SimNode client = t.population.members().get(0);
                byte[] cmd = ProbeMachine.command(client.self(), 1, 48);
                client.send(late.self(), new GcsMessage.Submit(GcsTestbed.KIND, g.key(), 77, 1, cmd, false, client.self(), 0));
                client.send(late.self(), new GcsMessage.Submit(GcsTestbed.KIND, fresh.key(), 78, 1, cmd, true, client.self(), 0));
                SubmitResult[] own = new SubmitResult[1];
                GcsTestbed.node(late).gcs().submit(g, ProbeMachine.command(late.self(), 2, 48), r -> own[0] = r);
                t.run(20_000);

                assertThat(late.overlay().isJoined()).as(t + ": still joining").isFalse();
                assertThat(answers[0]).as(t + ": answers from a node that has not joined").isZero();
                assertThat(GcsTestbed.node(late).gcs().info(fresh)).as(t + ": a group started by it").isNull();
                assertThat(own[0]).as(t + ": its own submission").isNotNull();
                assertThat(own[0].status()).as(t + ": its own submission's outcome").isEqualTo(SubmitResult.Status.UNAVAILABLE);
                assertThat(t.submitAndWait(g).ok()).as(t + ": the group still commits").isTrue();
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }
}
