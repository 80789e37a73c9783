package org.vigne.sim;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayApplication;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * A simulated ring for scenario tests, built through the public simulator API: every node runs the
 * overlay plus a recorder of the test's lookups, and the test reads outcomes from {@link #lookups}.
 * The recorder is measurement only (like the oracle): nodes still talk only through messages.
 */
final class TestRing {
    /** A lookup routed by a test; {@code id} indexes {@link #lookups}. */
    record TestLookup(int id) implements Message {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 4;
        }
    }

    /** One lookup's fate: first delivery time, hops, whether it reached the true root at that instant. */
    static final class Outcome {
        final Id key;
        final long issuedMs;
        long deliveredMs = -1;
        int hops = -1;
        boolean consistent;
        int deliveries;

        Outcome(Id key, long issuedMs) {
            this.key = key;
            this.issuedMs = issuedMs;
        }

        boolean delivered() {
            return deliveredMs >= 0;
        }
    }

    final SimWorld world;
    final Oracle oracle = new Oracle();
    final Population population;
    final List<Outcome> lookups = new ArrayList<>();
    final RingBuilder.Built built;

    TestRing(long seed, int nodes, NetworkModel network, OverlayConfig overlayConfig) {
        this(seed, nodes, network, overlayConfig, RingBuilder.JOIN_SPACING_US);
    }

    /** A ring whose nodes joined {@code joinSpacingUs} apart. */
    TestRing(long seed, int nodes, NetworkModel network, OverlayConfig overlayConfig, long joinSpacingUs) {
        world = new SimWorld(network, seed);
        population = new Population(world, oracle, (env, stack) -> {
            Overlay overlay = new Overlay(env, overlayConfig);
            stack.register(OverlayMessage.class, overlay);
            SimNode node = (SimNode) env;
            overlay.addApplication(new OverlayApplication() {
                @Override
                public void deliver(Id key, Message payload, NodeHandle origin) {
                    deliver(key, payload, origin, -1);
                }

                @Override
                public void deliver(Id key, Message payload, NodeHandle origin, int hops) {
                    if (payload instanceof TestLookup l) {
                        delivered(l.id(), node, hops);
                    }
                }
            });
            return new NodeSetup.Installed(overlay, null);
        });
        built = RingBuilder.buildSpacedUs(population, nodes, overlayConfig.leafSetSize(), joinSpacingUs, Progress.silent());
    }

    Simulator sim() {
        return world.sim();
    }

    /** Schedules {@code count} lookups from random members to random keys, evenly over {@code spanMs} from now. */
    void scheduleLookups(int count, long spanMs) {
        long t0 = sim().nowMs();
        for (int i = 0; i < count; i++) {
            sim().schedule(t0 + (i + 1) * spanMs / (count + 1), new SimEvent() {
                @Override
                protected void fire() {
                    issueLookup();
                }
            });
        }
    }

    private void issueLookup() {
        if (population.memberCount() == 0) {
            return;
        }
        SimNode issuer = population.randomMember();
        Id key = Id.random(world.random());
        int id = lookups.size();
        lookups.add(new Outcome(key, sim().nowMs()));
        issuer.overlay().route(key, new TestLookup(id));
    }

    private void delivered(int id, SimNode at, int hops) {
        Outcome o = lookups.get(id);
        o.deliveries++;
        if (!o.delivered()) {
            o.deliveredMs = sim().nowMs();
            o.hops = hops;
            o.consistent = oracle.root(o.key) == at;
        }
    }
}
