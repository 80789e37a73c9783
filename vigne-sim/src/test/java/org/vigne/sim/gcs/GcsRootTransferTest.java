package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * A group's leadership follows its key's root: a node that joins as the key's new root becomes a
 * member, and once it has caught up the leader hands it the leadership (the planner's transfer, at
 * most one try per 30 s). The root is where a submit routed by the key lands first, so a leader
 * elsewhere costs every command a hop. The old leader, still among the key's r closest nodes,
 * stays a member. Measured over seeds 1-8 (16 nodes, r = 3, the newcomer's id next to the key): a
 * member 1.5-1.9 s after it joined, the leader 4.6-5.0 s after; without the transfer it never
 * leads (60 s).
 */
class GcsRootTransferTest {
    @Test
    void aNewcomerThatIsTheKeysRoot_becomesTheGroupsLeader() {
        GcsTestbed t = new GcsTestbed("root transfer", 3, 16, 3);
        GroupId g = t.activeGroup("root transfer");
        t.run(5_000);
        SimNode before = t.leader(g);
        assertThat(before).as(t + ": a leader").isNotNull();
        SimNode root = t.world.newNode(g.key().plus(Id.of(0, 0, 1)));
        t.population.bootAndJoin(root);
        long joinedAt = t.sim.nowMs();

        long leadsAt = -1;
        for (int i = 0; i < 300 && leadsAt < 0; i++) {
            if (i % 10 == 0) {
                t.submit(t.population.randomMember(), g);
            }
            t.run(100);
            if (t.leader(g) == root) {
                leadsAt = t.sim.nowMs() - joinedAt;
            }
        }

        assertThat(leadsAt).as(t + ": ms from the newcomer's join until it leads the group (-1: not within 30 s)")
                .isBetween(0L, 15_000L);
        assertThat(GcsTestbed.node(before).gcs().info(g)).as(t + ": the old leader is still a member").isNotNull();
        assertThat(t.submitAndWait(g).status()).as(t + ": the group commits under its new leader")
                .isEqualTo(SubmitResult.Status.OK);
        t.assertSafe();
    }
}
