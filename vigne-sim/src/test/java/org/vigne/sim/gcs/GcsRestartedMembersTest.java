package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

/**
 * A majority of a quiet group's members restart (same node ids, state lost) before the overlay
 * declares them dead: no departure is ever seen, yet those members are gone for good. Their nodes
 * answer "no replica" to the survivor's vote requests, which counts them lost, so the survivor
 * rebuilds the group and commands commit again (found by {@code vigne sim apps --churn exp:5m
 * --seed 5}: an application manager's last replica stayed a pre-candidate forever).
 */
class GcsRestartedMembersTest {
    @Test
    void aMajorityRestartedWhileTheGroupWasQuiet_theSurvivorRebuildsIt() {
        GcsTestbed t = new GcsTestbed("restarted members", 17, 16, 3);
        GroupId g = t.activeGroup("restarted");
        t.run(300_000);
        List<GroupInfo> before = t.replicas(g);
        assertThat(before).as(t + ": replicas").hasSize(3).allSatisfy(i -> assertThat(i.quiescent()).isTrue());

        List<SimNode> restarted = new ArrayList<>();
        for (SimNode n : t.population.members()) {
            GroupInfo i = GcsTestbed.node(n).gcs().info(g);
            if (i != null && restarted.size() < 2) {
                restarted.add(n);
            }
        }
        for (SimNode n : restarted) {
            t.crash(n);
        }
        t.run(1_000);
        for (SimNode n : restarted) {
            t.population.bootAndJoin(n);
        }
        t.run(10_000);

        // The survivor waits the recovery grace (20 s) before it rebuilds: a command submitted now
        // times out (15 s) at first, as a client of a group without a quorum should see; it retries.
        long start = t.sim.nowMs();
        SubmitResult r = t.submitAndWait(g);
        for (int i = 0; i < 5 && !r.ok(); i++) {
            r = t.submitAndWait(g);
        }
        assertThat(r.status()).as(t + ": a command after two of three members restarted").isEqualTo(SubmitResult.Status.OK);
        assertThat(t.sim.nowMs() - start).as("ms until the group commits again").isLessThan(60_000);
        List<NodeHandle> members = t.replicas(g).get(0).members();
        assertThat(t.replicas(g)).as(t + ": the rebuilt group's replicas").isNotEmpty()
                .allSatisfy(i -> assertThat(i.generation()).isNotEqualTo(before.get(0).generation()));
        assertThat(members).as(t + ": members").isNotEmpty();
        t.assertSafe();
    }

    /**
     * Three of five members restart: the two survivors probe each other, compare their logs, and
     * exactly one of them rebuilds the group, with the other among its first members; every
     * acknowledged command is still there.
     */
    @Test
    void threeOfFiveRestarted_theTwoSurvivorsAgreeOnOneRebuild() {
        GcsTestbed t = new GcsTestbed("restarted members, two survivors", 29, 20, 5);
        GroupId g = t.group("two survivors");
        assertThat(t.create(g).status()).isEqualTo(SubmitResult.Status.OK);
        for (int i = 0; i < 3; i++) {
            assertThat(t.submitAndWait(g).status()).isEqualTo(SubmitResult.Status.OK);
        }
        t.run(300_000);
        long generation = t.replicas(g).get(0).generation();
        List<SimNode> restarted = new ArrayList<>();
        List<SimNode> survivors = new ArrayList<>();
        for (SimNode n : t.population.members()) {
            if (GcsTestbed.node(n).gcs().info(g) != null) {
                (restarted.size() < 3 ? restarted : survivors).add(n);
            }
        }
        assertThat(survivors).as(t + ": survivors").hasSize(2);
        for (SimNode n : restarted) {
            t.crash(n);
        }
        t.run(1_000);
        for (SimNode n : restarted) {
            t.population.bootAndJoin(n);
        }
        t.run(10_000);

        SubmitResult r = t.submitAndWait(g);
        for (int i = 0; i < 5 && !r.ok(); i++) {
            r = t.submitAndWait(g);
        }
        assertThat(r.status()).as(t + ": a command after three of five members restarted").isEqualTo(SubmitResult.Status.OK);
        assertThat(t.checker.rebuiltGroups()).as(t + ": groups rebuilt").isEqualTo(1);
        java.util.Set<Long> generations = new java.util.HashSet<>();
        for (SimNode n : survivors) {
            GroupInfo i = GcsTestbed.node(n).gcs().info(g);
            assertThat(i).as(t + ": the survivor " + n.self() + " holds the rebuilt group").isNotNull();
            generations.add(i.generation());
        }
        assertThat(generations).as(t + ": both survivors in one new generation").hasSize(1).doesNotContain(generation);
        assertThat(t.liveApplied(g)).as("the three acknowledged commands and the new one survive").isGreaterThanOrEqualTo(4);
        t.assertSafe();
    }
}
