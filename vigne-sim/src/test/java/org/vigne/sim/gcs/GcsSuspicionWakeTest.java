package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * A quiescent group sends nothing, so only the node's failure detector can tell it that a member
 * may be gone: a suspicion, or a departure, reported to a node wakes each quiet group it hosts
 * whose configuration involves that member (the leader then checks the member, and replaces it if
 * it is dead), and no other group. Either report alone must do it: services hear of a suspicion
 * long before the overlay declares the death.
 */
class GcsSuspicionWakeTest {
    private static final long QUIET_MS = 300_000;

    @Test
    void aSuspicion_wakesTheQuietGroupsInvolvingTheSuspect_andNoOther() {
        wakesOnlyTheGroupsOfTheReportedMember("suspicion", GcsService::suspected);
    }

    @Test
    void aDeparture_wakesTheQuietGroupsInvolvingTheDeparted_andNoOther() {
        wakesOnlyTheGroupsOfTheReportedMember("departure", (gcs, n) -> gcs.departed(n, false));
    }

    private static void wakesOnlyTheGroupsOfTheReportedMember(String report, BiConsumer<GcsService, NodeHandle> tell) {
        GcsTestbed t = new GcsTestbed(report + " wakes quiet groups", 43, 20, 5);
        List<GroupId> groups = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            GroupId g = t.group("g" + i);
            assertThat(t.create(g).status()).as(t + ": created " + g).isEqualTo(SubmitResult.Status.OK);
            groups.add(g);
        }
        t.run(QUIET_MS);
        SimNode leader = t.leader(groups.get(0));
        GcsService gcs = GcsTestbed.node(leader).gcs();
        NodeHandle suspect = null;
        for (NodeHandle m : gcs.info(groups.get(0)).members()) {
            if (!m.equals(leader.self())) {
                suspect = m;
                break;
            }
        }
        List<GroupId> involving = new ArrayList<>();
        List<GroupId> others = new ArrayList<>();
        for (GroupId g : groups) {
            GroupInfo i = gcs.info(g);
            if (i != null) {
                assertThat(i.quiescent()).as(t + ": " + g + " quiet before the " + report).isTrue();
                (i.members().contains(suspect) ? involving : others).add(g);
            }
        }
        assertThat(others).as(t + ": groups on the leader's node without the suspect").isNotEmpty();
        long wakes = gcs.counters().wakes;

        tell.accept(gcs, suspect);

        for (GroupId g : involving) {
            assertThat(gcs.info(g).quiescent()).as(t + ": " + g + " woken by the " + report).isFalse();
        }
        for (GroupId g : others) {
            assertThat(gcs.info(g).quiescent()).as(t + ": " + g + " (without the suspect) still quiet").isTrue();
        }
        assertThat(gcs.counters().wakes - wakes).as(t + ": wakes").isEqualTo(involving.size());
        t.run(30_000);
        t.assertSafe();
    }
}
