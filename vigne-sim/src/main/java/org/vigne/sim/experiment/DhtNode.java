package org.vigne.sim.experiment;

import org.vigne.core.Env;
import org.vigne.core.ServiceStack;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtService;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;

/**
 * The services of a simulated DHT node: the overlay, the DHT service and one DHT. A graceful leave
 * hands the node's keys off before the overlay leaves.
 */
public record DhtNode(Overlay overlay, DhtService service, Dht dht) implements Population.GracefulLeave {

    @Override
    public void leave(Runnable done) {
        service.leave(done);
    }

    /** A setup that wires overlay + DHT service on every boot and creates the DHT {@code name} with degree {@code r}. */
    public static NodeSetup setup(OverlayConfig oc, DhtConfig dc, String name, int r) {
        return (env, stack) -> {
            DhtNode d = install(env, stack, oc, dc, name, r);
            return new NodeSetup.Installed(d.overlay(), d);
        };
    }

    /** Registers a new overlay and DHT service in {@code stack} and creates the DHT {@code name} with degree {@code r}. */
    public static DhtNode install(Env env, ServiceStack stack, OverlayConfig oc, DhtConfig dc, String name, int r) {
        Overlay overlay = new Overlay(env, oc);
        stack.register(OverlayMessage.class, overlay);
        DhtService svc = new DhtService(env, overlay, dc);
        stack.register(DhtMessage.class, svc);
        overlay.addApplication(svc);
        return new DhtNode(overlay, svc, svc.create(name, r));
    }

    /** The DHT node services of {@code n}, or null when it is down. */
    public static DhtNode of(SimNode n) {
        return n.alive() && n.services() instanceof DhtNode d ? d : null;
    }
}
