package org.vigne.sim.gcs;

import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtService;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.OutputReceiver;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;

/**
 * The services of a simulated node with group communication: the overlay, the DHT service and
 * the group service with one kind of group. A graceful leave first hands group leadership over,
 * then the DHT's keys.
 */
public record GcsNode(Overlay overlay, DhtService dht, GcsService gcs) implements Population.GracefulLeave {

    @Override
    public void leave(Runnable done) {
        gcs.leave(() -> dht.leave(done));
    }

    /** A setup that wires overlay, DHT and groups of kind {@code kind} (degree {@code r}) on every boot. */
    public static NodeSetup setup(OverlayConfig oc, DhtConfig dc, GcsConfig gc, String kind, int r,
                                  GcsObserver observer, OutputReceiver receiver) {
        return (env, stack) -> {
            Overlay overlay = new Overlay(env, oc);
            stack.register(OverlayMessage.class, overlay);
            DhtService dht = new DhtService(env, overlay, dc);
            stack.register(DhtMessage.class, dht);
            overlay.addApplication(dht);
            GcsService gcs = new GcsService(env, overlay, dht, gc);
            stack.register(GcsMessage.class, gcs);
            overlay.addApplication(gcs);
            gcs.setObserver(observer);
            gcs.registerKind(kind, r, ProbeMachine::new, receiver);
            return new NodeSetup.Installed(overlay, new GcsNode(overlay, dht, gcs));
        };
    }

    /** The services of {@code n}, or null when it is down. */
    public static GcsNode of(SimNode n) {
        return n.alive() && n.services() instanceof GcsNode g ? g : null;
    }
}
