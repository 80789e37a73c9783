package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * A newcomer closer to a group's key becomes a member, and the member it displaces from the
 * replica set drops its replica soon after: the leader tells a member removed by a configuration
 * change, so the group does not keep a copy on a node that no longer serves it.
 */
class GcsDisplacedMemberTest {
    @Test
    void theMemberANewcomerDisplaces_dropsItsReplica() {
        GcsTestbed t = new GcsTestbed("theMemberANewcomerDisplaces", 47, 20, 3);
        GroupId g = t.group("displaced");
        assertThat(t.create(g).status()).isEqualTo(SubmitResult.Status.OK);
        t.run(10_000);
        Set<Id> before = hosts(t, g);
        SimNode newcomer = t.world.newNode(g.key().plus(Id.of(0, 0, 1)));
        t.population.bootAndJoin(newcomer);
        long joinedAt = t.sim.nowMs();
        long newcomerHostsAt = -1;
        long lastFourHostsAt = -1;
        for (int i = 0; i < 600; i++) {
            t.run(100);
            Set<Id> h = hosts(t, g);
            if (h.size() > 3) {
                lastFourHostsAt = t.sim.nowMs() - joinedAt;
            }
            if (newcomerHostsAt < 0 && h.contains(newcomer.self().id())) {
                newcomerHostsAt = t.sim.nowMs() - joinedAt;
            }
        }
        Set<Id> after = hosts(t, g);
        Set<Id> displaced = new LinkedHashSet<>(before);
        displaced.removeAll(after);

        assertThat(before).as(t + ": nodes hosting a replica before the newcomer").hasSize(3);
        assertThat(after).as(t + ": nodes hosting a replica a minute after it joined").hasSize(3)
                .contains(newcomer.self().id());
        assertThat(displaced).as(t + ": the member the newcomer displaced no longer hosts one").hasSize(1);
        // Measured: the newcomer hosts a replica 1.7 s after it joined and the displaced member's
        // is gone 1.2 s later; without the leader's notice it goes 2.9 s later, when the member
        // finds out by itself.
        assertThat(lastFourHostsAt - newcomerHostsAt)
                .as(t + ": ms from the newcomer hosting a replica (at " + newcomerHostsAt + " ms after it joined) to the"
                        + " displaced member dropping its own (the leader tells it once the change is applied)")
                .isLessThanOrEqualTo(2_000);
        assertThat(t.submitAndWait(g).status()).as(t + ": the group still commits").isEqualTo(SubmitResult.Status.OK);
        t.assertSafe();
    }

    private static Set<Id> hosts(GcsTestbed t, GroupId g) {
        Set<Id> out = new LinkedHashSet<>();
        for (SimNode n : t.population.members()) {
            if (GcsNode.of(n).gcs().info(g) != null) {
                out.add(n.self().id());
            }
        }
        return out;
    }
}
