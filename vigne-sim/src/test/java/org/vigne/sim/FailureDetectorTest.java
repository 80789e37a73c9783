package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.OverlayApplication;
import org.vigne.overlay.OverlayConfig;

/**
 * The node's one failure detector, shared by its services (issue 13, item 2): a service's report
 * reaches every other service of the node, evidence is never proof, and a silent node (a paused
 * process: nothing in, nothing out, no connection reset) is dropped from every leaf set within
 * seconds by heartbeats alone.
 */
class FailureDetectorTest {
    private static final int LEAF_SET = 16;

    /** A service that records what the overlay decides. */
    static final class Recorder implements OverlayApplication {
        final List<NodeHandle> suspected = new ArrayList<>();
        final List<NodeHandle> cleared = new ArrayList<>();
        final List<NodeHandle> departed = new ArrayList<>();

        @Override
        public void deliver(Id key, Message payload, NodeHandle origin) {
        }

        @Override
        public void suspected(NodeHandle node) {
            suspected.add(node);
        }

        @Override
        public void suspicionCleared(NodeHandle node) {
            cleared.add(node);
        }

        @Override
        public void departed(NodeHandle node, boolean graceful) {
            departed.add(node);
        }
    }

    /** Nothing reaches {@code n} and nothing leaves it: a paused process. */
    private static void silence(TestRing ring, SimNode n) {
        ring.world.setFilter((from, to, msg) -> from != n && !to.equals(n.self()));
    }

    /** A member that is neither in {@code a}'s leaf set nor its routing table. */
    private static SimNode stranger(TestRing ring, SimNode a) {
        for (SimNode n : ring.population.members()) {
            NodeHandle h = n.self();
            boolean inTable = a.overlay().routingTableRows().stream().anyMatch(row -> row.contains(h));
            if (n != a && !a.overlay().leafSetMembers().contains(h) && !inTable) {
                return n;
            }
        }
        throw new AssertionError("every member is a neighbour of " + a.self());
    }

    @Test
    void oneServicesSuspicionOfASilentNode_reachesTheOtherServices_andEndsInItsDeath() {
        TestRing ring = new TestRing(131, 200, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String replay = "ring of 200, seed 131; " + Scenarios.replayTest(getClass(), "oneServicesSuspicion");
        SimNode a = ring.population.members().get(0);
        Recorder reporter = new Recorder();
        Recorder other = new Recorder();
        a.overlay().addApplication(reporter);
        a.overlay().addApplication(other);
        SimNode c = stranger(ring, a);
        silence(ring, c);

        a.overlay().suspect(c.self());
        assertThat(other.suspected).as("at once; %s", replay).containsExactly(c.self());
        assertThat(a.overlay().isSuspected(c.self())).as(replay).isTrue();

        ring.sim().runUntil(ring.sim().nowMs() + 10_000);
        assertThat(other.departed).as("declared dead after unanswered probes; %s", replay).containsExactly(c.self());
        assertThat(reporter.departed).as("every service hears it; %s", replay).containsExactly(c.self());
        assertThat(other.cleared).as(replay).isEmpty();
        assertThat(a.overlay().isSuspected(c.self())).as(replay).isFalse();
    }

    @Test
    void aSuspicionIsNotProof_aLiveNodeThatAnswersIsCleared_andKeepsItsPlace() {
        TestRing ring = new TestRing(137, 60, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String replay = "ring of 60, seed 137; " + Scenarios.replayTest(getClass(), "aSuspicionIsNotProof");
        SimNode a = ring.population.members().get(0);
        Recorder other = new Recorder();
        a.overlay().addApplication(other);
        NodeHandle b = a.overlay().leafSetMembers().get(0);

        a.overlay().suspect(b);
        assertThat(other.suspected).as(replay).containsExactly(b);
        ring.sim().runUntil(ring.sim().nowMs() + 5_000);
        assertThat(other.cleared).as("it answered the probe; %s", replay).containsExactly(b);
        assertThat(other.departed).as(replay).isEmpty();
        assertThat(a.overlay().leafSetMembers()).as(replay).contains(b);
        assertThat(a.overlay().isSuspected(b)).as(replay).isFalse();
    }

    @Test
    void aSilentNode_isDroppedFromEveryLeafSet_withinSecondsOfDefaultSettings() {
        TestRing ring = new TestRing(139, 120, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String replay = "ring of 120, seed 139; " + Scenarios.replayTest(getClass(), "aSilentNode");
        SimNode c = ring.population.members().get(7);
        List<SimNode> holders = new ArrayList<>();
        for (SimNode n : ring.population.members()) {
            if (n != c && n.overlay().leafSetMembers().contains(c.self())) {
                holders.add(n);
            }
        }
        assertThat(holders).as(replay).hasSize(LEAF_SET);
        silence(ring, c);
        long t0 = ring.sim().nowMs();
        long lastHeld = t0;
        while (ring.sim().nowMs() < t0 + 30_000) {
            ring.sim().runUntil(ring.sim().nowMs() + 100);
            if (holders.stream().anyMatch(n -> n.overlay().leafSetMembers().contains(c.self()))) {
                lastHeld = ring.sim().nowMs();
            }
        }
        long repairMs = lastHeld - t0;
        System.out.printf("silent node dropped from all %d leaf sets after %d ms%n", holders.size(), repairMs);
        assertThat(repairMs).as("time until no leaf set holds the silent node; %s", replay).isLessThan(8_000);
    }
}
