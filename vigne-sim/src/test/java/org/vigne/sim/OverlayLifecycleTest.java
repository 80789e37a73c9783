package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayListener;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.experiment.Convergence;

/**
 * The overlay's lifecycle promises with a time bound, which the churn scenarios (that wait for
 * probes and push/pull to catch up) cannot tell from the slow path: a graceful leave is taken in by
 * every neighbour at once, and the departed node is not re-learned from gossip; a join whose first
 * bootstrap never answers is retried through the next one after {@code joinTimeoutMs}.
 */
class OverlayLifecycleTest {
    private static final int LEAF_SET = OverlayConfig.defaults().leafSetSize();

    @Test
    void gracefulLeave_isTakenInByEveryNeighbourAtOnce_andNotUndoneByGossip() {
        TestRing ring = new TestRing(61, 40, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String scenario = "ring of 40, seed 61; " + Scenarios.replayTest(getClass(), "gracefulLeave");
        SimNode leaver = ring.population.members().get(0);
        List<String> departures = new ArrayList<>();
        for (SimNode n : ring.population.members()) {
            n.overlay().addListener(new OverlayListener() {
                @Override
                public void departed(Overlay overlay, NodeHandle node, boolean graceful) {
                    departures.add(node.equals(leaver.self()) && graceful ? "graceful" : "other " + node.port());
                }
            });
        }
        ring.population.leave(leaver);
        ring.sim().runUntil(ring.sim().nowMs() + 1_000);
        int divergentAfterOneSecond = Convergence.divergentLeafSets(ring.oracle, LEAF_SET);
        ring.sim().runUntil(ring.sim().nowMs() + 60_000);

        assertThat(divergentAfterOneSecond).as("leaf sets that differ from the true ring 1 s after a graceful leave"
                + " (probes would take several seconds); %s", scenario).isZero();
        assertThat(departures).as("departures the other nodes reported; %s", scenario)
                .hasSizeGreaterThanOrEqualTo(LEAF_SET).containsOnly("graceful");
        assertThat(Convergence.divergentLeafSets(ring.oracle, LEAF_SET)).as("leaf sets that differ from the true ring"
                + " a minute of push/pull later (the departed node must not come back second-hand); %s", scenario).isZero();
    }

    @Test
    void joinThroughADeadBootstrap_isRetriedThroughTheNextOne_afterTheJoinTimeout() {
        TestRing ring = new TestRing(67, 12, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String scenario = "ring of 12, seed 67; " + Scenarios.replayTest(getClass(), "joinThroughADeadBootstrap");
        SimNode dead = ring.world.newNode();
        SimNode live = ring.population.members().get(1);
        SimNode joiner = ring.world.newNode();
        ring.world.boot(joiner, (env, stack) -> {
            Overlay o = new Overlay(env, OverlayConfig.defaults());
            stack.register(OverlayMessage.class, o);
            return new NodeSetup.Installed(o, null);
        });
        long start = ring.sim().nowMs();
        joiner.overlay().join(List.of(dead.self(), live.self()));
        while (!joiner.overlay().isJoined() && ring.sim().nowMs() - start < 60_000) {
            ring.sim().runUntil(ring.sim().nowMs() + 10);
        }
        long joinedAfter = ring.sim().nowMs() - start;
        ring.oracle.add(joiner);
        ring.sim().runUntil(ring.sim().nowMs() + 2_000);
        long timeout = OverlayConfig.defaults().joinTimeoutMs();

        assertThat(joinedAfter).as("ms until the join completed: the dead bootstrap's timeout, then one join; %s",
                scenario).isBetween(timeout, timeout + 2_000);
        assertThat(Convergence.divergentLeafSets(ring.oracle, LEAF_SET))
                .as("leaf sets that differ from the true ring 2 s after the join; %s", scenario).isZero();
    }
}
