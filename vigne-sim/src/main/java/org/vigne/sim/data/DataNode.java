package org.vigne.sim.data;

import org.vigne.data.ApplicationTable;
import org.vigne.data.DataConfig;
import org.vigne.data.DataMessage;
import org.vigne.data.SharedObjects;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtService;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GcsService;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sync.SyncConfig;
import org.vigne.sync.SyncMessage;
import org.vigne.sync.Synchronisation;

/**
 * The services of a simulated node that runs components of applications: the overlay, the DHT
 * service with the objects DHT, the node's application view and the data service, and group
 * communication with the synchronisation service (barriers and semaphores). A graceful leave
 * hands group leadership over, then the node's DHT keys, before the overlay leaves.
 */
public record DataNode(Overlay overlay, DhtService dhts, ApplicationTable applications, SharedObjects objects,
                       GcsService gcs, Synchronisation sync) implements Population.GracefulLeave {

    @Override
    public void leave(Runnable done) {
        gcs.leave(() -> dhts.leave(done));
    }

    /** A setup with the default group communication and synchronisation tunables. */
    public static NodeSetup setup(OverlayConfig oc, DhtConfig dc, DataConfig config) {
        return setup(oc, dc, config, GcsConfig.defaults(), SyncConfig.defaults());
    }

    /** A setup that wires overlay, DHT service, objects DHT, data service, groups and synchronisation on every boot. */
    public static NodeSetup setup(OverlayConfig oc, DhtConfig dc, DataConfig config, GcsConfig gc, SyncConfig sc) {
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
            GcsService gcs = new GcsService(env, overlay, dhts, gc);
            stack.register(GcsMessage.class, gcs);
            overlay.addApplication(gcs);
            Synchronisation sync = new Synchronisation(env, overlay, gcs, sc);
            stack.register(SyncMessage.class, sync);
            overlay.addApplication(sync);
            return new NodeSetup.Installed(overlay, new DataNode(overlay, dhts, table, svc, gcs, sync));
        };
    }

    /** The data node services of {@code n}, or null when it is down. */
    public static DataNode of(SimNode n) {
        return n.alive() && n.services() instanceof DataNode d ? d : null;
    }
}
