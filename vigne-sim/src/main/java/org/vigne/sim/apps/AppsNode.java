package org.vigne.sim.apps;

import org.vigne.apps.files.FileStore;
import org.vigne.apps.files.FileStoreConfig;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtService;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;

/**
 * The application-management services of a simulated node, as far as they exist: the overlay,
 * the DHT service, the files DHT and the {@link FileStore} over it, and the node's modelled
 * executor. A graceful leave hands the node's keys off before the overlay leaves.
 */
public record AppsNode(Overlay overlay, DhtService dhts, Dht files, FileStore fileStore, ModelledExecutor executor)
        implements Population.GracefulLeave {

    @Override
    public void leave(Runnable done) {
        dhts.leave(done);
    }

    /** A setup wiring these services on every boot of a node; every node runs the same process model. */
    public static NodeSetup setup(OverlayConfig oc, DhtConfig dc, FileStoreConfig fc, ModelledExecutor.Config ec,
                                  ProcessModel model, ExecutionEvent.Observer observer) {
        return (env, stack) -> {
            DhtNode d = DhtNode.install(env, stack, oc, dc, FileStoreConfig.DHT_NAME, FileStoreConfig.DHT_REPLICAS);
            FileStore store = new FileStore(env, d.dht(), fc);
            ModelledExecutor executor = new ModelledExecutor(env, ec, model, observer);
            return new NodeSetup.Installed(d.overlay(), new AppsNode(d.overlay(), d.service(), d.dht(), store, executor));
        };
    }

    /** The services of {@code n}, or null when it is down. */
    public static AppsNode of(SimNode n) {
        return n.alive() && n.services() instanceof AppsNode a ? a : null;
    }
}
