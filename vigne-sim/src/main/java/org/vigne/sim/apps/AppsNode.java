package org.vigne.sim.apps;

import org.vigne.apps.files.FileStore;
import org.vigne.apps.files.FileStoreConfig;
import org.vigne.apps.manager.ManagerHooks;
import org.vigne.apps.node.AppsConfig;
import org.vigne.apps.node.AppsMessage;
import org.vigne.apps.node.AppsService;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtService;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GcsService;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtNode;

/**
 * The application-management services of a simulated node: the overlay, the DHT service with the
 * files DHT and its {@link FileStore}, group communication, the node's modelled executor, and
 * {@link AppsService} (managers, host agent, placement, snapshots). A graceful leave hands group
 * leadership over, then the node's keys, before the overlay leaves.
 */
public record AppsNode(Overlay overlay, DhtService dhts, Dht files, FileStore fileStore, ModelledExecutor executor,
                       GcsService gcs, AppsService apps) implements Population.GracefulLeave {

    /** The configuration every node of an experiment shares. */
    public record Setup(OverlayConfig overlay, DhtConfig dht, FileStoreConfig files, ModelledExecutor.Config executor,
                        ProcessModel model, GcsConfig gcs, AppsConfig apps) {
        /** The defaults of every layer, {@code slots} slots per node and the given process model. */
        public static Setup defaults(ProcessModel model, int slots) {
            return new Setup(OverlayConfig.defaults(), DhtConfig.defaults(), FileStoreConfig.defaults(),
                    ModelledExecutor.Config.defaults(), model, GcsConfig.defaults(), AppsConfig.defaults(slots));
        }
    }

    /** Where an experiment's checkers and meters listen; never read by the protocols. */
    public record Observers(ExecutionEvent.Observer executions, GcsObserver groups, ManagerHooks managers) {
        public static final Observers NONE = new Observers(ExecutionEvent.Observer.NONE, GcsObserver.NONE,
                ManagerHooks.NONE);
    }

    @Override
    public void leave(Runnable done) {
        gcs.leave(() -> dhts.leave(done));
    }

    /** A setup wiring these services on every boot of a node. */
    public static NodeSetup setup(Setup s, Observers o) {
        return (env, stack) -> {
            DhtNode d = DhtNode.install(env, stack, s.overlay(), s.dht(), FileStoreConfig.DHT_NAME,
                    FileStoreConfig.DHT_REPLICAS);
            FileStore store = new FileStore(env, d.dht(), s.files());
            GcsService gcs = new GcsService(env, d.overlay(), d.service(), s.gcs());
            stack.register(GcsMessage.class, gcs);
            d.overlay().addApplication(gcs);
            gcs.setObserver(o.groups());
            ModelledExecutor executor = new ModelledExecutor(env, s.executor(), s.model(), o.executions());
            AppsService apps = new AppsService(env, d.overlay(), d.service(), gcs, store, executor, s.apps(),
                    o.managers());
            stack.register(AppsMessage.class, apps);
            d.overlay().addApplication(apps);
            return new NodeSetup.Installed(d.overlay(), new AppsNode(d.overlay(), d.service(), d.dht(), store, executor,
                    gcs, apps));
        };
    }

    /** The services of {@code n}, or null when it is down. */
    public static AppsNode of(SimNode n) {
        return n.alive() && n.services() instanceof AppsNode a ? a : null;
    }
}
