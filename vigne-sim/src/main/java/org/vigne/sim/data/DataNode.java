package org.vigne.sim.data;

import org.vigne.data.ApplicationTable;
import org.vigne.data.DataConfig;
import org.vigne.data.DataMessage;
import org.vigne.data.SharedObjects;
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
 * The services of a simulated node that shares objects: the overlay, the DHT service with the
 * objects DHT, the node's application view and the data service. A graceful leave hands the
 * node's DHT keys off before the overlay leaves.
 */
public record DataNode(Overlay overlay, DhtService dhts, ApplicationTable applications, SharedObjects objects)
        implements Population.GracefulLeave {

    @Override
    public void leave(Runnable done) {
        dhts.leave(done);
    }

    /** A setup that wires overlay, DHT service, objects DHT and data service on every boot. */
    public static NodeSetup setup(OverlayConfig oc, DhtConfig dc, DataConfig config) {
        return (env, stack) -> {
            Overlay overlay = new Overlay(env, oc);
            stack.register(OverlayMessage.class, overlay);
            DhtService dhts = new DhtService(env, overlay, dc);
            stack.register(DhtMessage.class, dhts);
            overlay.addApplication(dhts);
            Dht objects = dhts.create(DataConfig.OBJECTS_DHT, config.managerReplicas());
            ApplicationTable table = new ApplicationTable();
            SharedObjects svc = new SharedObjects(env, overlay, objects, table, config);
            stack.register(DataMessage.class, svc);
            overlay.addApplication(svc);
            return new NodeSetup.Installed(overlay, new DataNode(overlay, dhts, table, svc));
        };
    }

    /** The data node services of {@code n}, or null when it is down. */
    public static DataNode of(SimNode n) {
        return n.alive() && n.services() instanceof DataNode d ? d : null;
    }
}
