package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;

/** An exception escaping a simulated handler names the event, the virtual time and the run that replays it. */
class SimulatorFailureTest {
    /** A message whose handler throws. */
    record Poison() implements Message {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES;
        }
    }

    @Test
    void exceptionInAMessageHandler_namesTheDelivery_theTime_andTheRun() {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), 77);
        world.describeRun("vigne sim overlay --nodes 2 --seed 77");
        SimNode a = world.newNode();
        SimNode b = world.newNode();
        NodeSetup setup = (env, stack) -> {
            stack.register(Poison.class, new Service() {
                @Override
                public void onMessage(NodeHandle from, Message msg) {
                    throw new IllegalStateException("handler broke");
                }
            });
            Overlay overlay = new Overlay(env, OverlayConfig.defaults());
            stack.register(OverlayMessage.class, overlay);
            return new NodeSetup.Installed(overlay, null);
        };
        world.boot(a, setup);
        world.boot(b, setup);
        world.sim().runUntil(1000);
        a.send(b.self(), new Poison());

        assertThatThrownBy(() -> world.sim().runUntil(2000))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("delivery of Poison from " + a.self() + " to node " + b.index())
                .hasMessageMatching("(?s).* at 1\\d\\d\\d ms .*")
                .hasMessageContaining("handler broke")
                .hasMessageEndingWith("in vigne sim overlay --nodes 2 --seed 77")
                .cause().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failedAssertionInACallback_keepsTheSeedOfAnUnnamedRun() {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), 5);
        world.sim().after(250, () -> {
            throw new AssertionError("expected 3 replicas");
        });

        assertThatThrownBy(() -> world.sim().runUntil(1000))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("at 250 ms (event #1)")
                .hasMessageContaining("expected 3 replicas")
                .hasMessageEndingWith("in seed 5");
        assertThat(world.sim().nowMs()).as("time stops at the failed event").isEqualTo(250);
    }
}
