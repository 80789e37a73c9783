package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SendFilter;
import org.vigne.sim.SimNode;

/**
 * Idle groups go quiet and stay quiet: once the quiescence delay has passed without commands,
 * every replica of every group is quiescent and the group sends nothing (answers to the leader's
 * last heartbeats, which arrive after it went quiet, must not wake it); a command wakes the group.
 */
class GcsQuiescenceTest {
    @Test
    void idleGroupsGoQuietAndStayQuiet_aCommandWakesOne() {
        GcsTestbed t = new GcsTestbed("quiescence", 41, 20, 5);
        GroupId[] groups = new GroupId[5];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = t.group("g" + i);
            assertThat(t.create(groups[i]).status()).isEqualTo(SubmitResult.Status.OK);
        }
        t.run(300_000);
        for (GroupId g : groups) {
            assertThat(t.replicas(g)).as(t + ": replicas of " + g).hasSize(5)
                    .allSatisfy(i -> assertThat(i.quiescent()).as(i.id() + " on " + i.leader()).isTrue());
        }
        long before = gcsWakes(t);
        long[] sent = new long[1];
        t.world.setFilter((from, to, m) -> {
            if (m instanceof GcsMessage) {
                sent[0]++;
            }
            return true;
        });
        t.run(60_000);
        assertThat(gcsWakes(t)).as("wakes of quiet groups with no command").isEqualTo(before);
        // Nor node leases: a leader whose group went quiet revokes its followers' nodes' leases.
        assertThat(sent[0]).as(t + ": group communication messages in a quiet minute").isZero();
        t.world.setFilter(SendFilter.ALL);

        assertThat(t.submitAndWait(groups[0]).status()).isEqualTo(SubmitResult.Status.OK);
        assertThat(t.replicas(groups[0])).anySatisfy(i -> assertThat(i.quiescent()).isFalse());
        assertThat(t.replicas(groups[1])).allSatisfy(i -> assertThat(i.quiescent()).isTrue());
        t.assertSafe();
    }

    private static long gcsWakes(GcsTestbed t) {
        long n = 0;
        for (SimNode s : t.population.members()) {
            n += GcsNode.of(s).gcs().counters().wakes;
        }
        return n;
    }
}
