package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * Churn may end a session while the node is still joining. A graceful leave hands off first; when
 * the join completes during the hand-off, the node must not become a member, or it stays one,
 * dead, once it stops (a 1,000-node DHT run under exp:1.4m churn picked such a member for an
 * operation 50 simulated minutes in and failed on its missing services).
 */
class LeaveWhileJoiningTest {
    /** Services whose hand-off takes 5 s, far longer than a join. */
    private record SlowHandOff(SimWorld world) implements Population.GracefulLeave {
        @Override
        public void leave(Runnable done) {
            world.sim().after(5_000, done);
        }
    }

    @Test
    void aNodeToldToLeaveWhileJoining_isNotAMemberWhenItsJoinCompletes_norAfterItStops() {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), 7);
        Population population = new Population(world, new Oracle(), (env, stack) -> {
            Overlay overlay = new Overlay(env, OverlayConfig.defaults());
            stack.register(OverlayMessage.class, overlay);
            return new NodeSetup.Installed(overlay, new SlowHandOff(world));
        });
        assertThat(RingBuilder.build(population, 20, 16, Progress.silent()).converged()).isTrue();
        SimNode late = world.newNode();
        population.bootAndJoin(late);
        population.leave(late);
        world.sim().runUntil(world.sim().nowMs() + 3_000);
        assertThat(late.overlay().isJoined()).as("the join completed during the hand-off").isTrue();
        assertThat(population.members()).as("members while it hands off").doesNotContain(late);
        world.sim().runUntil(world.sim().nowMs() + 5_000);
        assertThat(late.alive()).as("stopped after its hand-off").isFalse();
        assertThat(population.members()).as("members once it stopped").doesNotContain(late);
        assertThat(population.members()).allSatisfy(n -> assertThat(n.alive()).isTrue());
    }
}
