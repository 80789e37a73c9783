package org.vigne.apps.node;

import java.util.List;
import java.util.function.Consumer;
import org.vigne.apps.exec.Executor;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.HostOrder;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.manager.ManagerHooks;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.core.Timer;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtService;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.SubmitResult;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;

/**
 * Application management on one node (paper, Sect. 5): the replicas of application managers this
 * node hosts (a group kind of {@link GcsService}), the leader-side {@link ManagerDriver} of those it
 * leads, the {@link HostAgent} in front of the node's executor, the {@link SnapshotKeeper} that
 * rebuilds lost managers, and the {@link Applications} API.
 *
 * <p>Wiring, the same on every node: {@code stack.register(AppsMessage.class, apps);
 * overlay.addApplication(apps)}. The constructor registers the manager kind with group
 * communication and creates the snapshot DHT. A pure event handler: time, timers, randomness and
 * sending come from {@link Env}.
 */
public final class AppsService implements Service, OverlayApplication {
    /** The DHT holding managers' snapshots and the application index. */
    public static final String SNAPSHOT_DHT = "app-snapshots";

    /** The key of the snapshot of {@code appId}'s manager in {@link #SNAPSHOT_DHT} (not the manager's key). */
    public static org.vigne.core.Id snapshotKey(String appId) {
        return SnapshotKeeper.snapshotKey(appId);
    }

    private final Env env;
    private final AppsConfig config;
    private final DriverContext ctx;
    private final HostAgent host;
    private final ManagerDriver driver;
    private final SnapshotKeeper keeper;
    private final Applications api;
    private Timer beatTimer;
    private boolean stopped;
    private Consumer<String> viewChanged;

    public AppsService(Env env, KeyBasedRouting overlay, DhtService dhts, GcsService gcs, FileStore files,
                       Executor executor, AppsConfig config, ManagerHooks observer) {
        this.env = env;
        this.config = config;
        this.ctx = new DriverContext(env, config, overlay, gcs);
        Dht snapshots = dhts.create(SNAPSHOT_DHT, config.snapshotReplicas());
        this.driver = new ManagerDriver(ctx, snapshots, files);
        ManagerHooks outer = observer == null ? ManagerHooks.NONE : observer;
        ManagerHooks hooks = new ManagerHooks() {
            @Override
            public void applied(ApplicationManager m, long index, ManagerCommand c, List<ManagerEvent> events) {
                outer.applied(m, index, c, events);
                driver.applied(m);
            }

            @Override
            public void stopped(ApplicationManager m) {
                outer.stopped(m);
                driver.replicaStopped(m);
            }
        };
        gcs.registerKind(ApplicationManager.KIND, config.managerReplicas(), group -> {
            ApplicationManager m = new ApplicationManager(group, hooks);
            driver.replicaCreated(m);
            return m;
        }, (id, payload) -> onOrder(payload));
        this.keeper = new SnapshotKeeper(ctx, snapshots);
        this.host = new HostAgent(env, config, executor, files, (appId, command, done) ->
                gcs.submit(ApplicationManager.groupOf(appId), command, r -> {
                    if (r.status() == SubmitResult.Status.NO_GROUP) {
                        keeper.rebuild(appId, "a host's report found no live replica");
                    }
                    done.accept(r);
                }), overlay);
        this.api = new Applications(env, gcs, files, snapshots, new AppIndex(snapshots), keeper);
    }

    /**
     * Managers led here tell the nodes of their components when the application's view changes,
     * and {@code listener} hears, on the event loop, of the applications whose managers told this
     * node so (the real runtime's data service, which then reads their status instead of polling).
     */
    public void onViewChanges(Consumer<String> listener) {
        this.viewChanged = listener;
        driver.sendViewNotices();
    }

    /** The service API (submit, status, events, logs, output, kill, rm). */
    public Applications api() {
        return api;
    }

    public AppsConfig config() {
        return config;
    }

    public HostCounters hostCounters() {
        return host.counters;
    }

    public DriverCounters driverCounters() {
        return ctx.counters;
    }

    /** Slots free on this node now. */
    public int freeSlots() {
        return host.freeSlots();
    }

    /** The applications whose manager this node leads, sorted. */
    public List<String> ledApplications() {
        return driver.ledApplications();
    }

    /** Managers whose group this node leads. */
    public int managersLed() {
        return driver.ledCount();
    }

    /** This node's replica of the manager of {@code appId}, or null: for tools and tests. */
    public ApplicationManager replica(String appId) {
        return driver.replica(ApplicationManager.groupOf(appId));
    }

    /** Instances launched here and not yet forgotten. */
    public List<org.vigne.apps.exec.InstanceId> hostedInstances() {
        return host.hosted();
    }

    /** Instances with reports not yet acknowledged by their manager. */
    public int pendingReports() {
        return host.pendingReports();
    }

    // ---- input ----------------------------------------------------------------------------------

    private void onOrder(byte[] payload) {
        if (stopped) {
            return;
        }
        HostOrder o;
        try {
            o = HostOrder.decode(payload);
        } catch (IllegalArgumentException e) {
            host.counters.malformed++;
            return;
        }
        host.onOrder(o);
        ensureBeating();
    }

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        if (stopped || !(msg instanceof AppsMessage m)) {
            return;
        }
        try {
            handle(from, m);
        } catch (RuntimeException e) {
            // A peer's garbled message must not take the node down.
            host.counters.malformed++;
        }
    }

    private void handle(NodeHandle from, AppsMessage m) {
        if (m instanceof AppsMessage.SlotRequest r) {
            host.onSlotRequest(r);
        } else if (m instanceof AppsMessage.SlotGranted g) {
            driver.onGranted(g);
        } else if (m instanceof AppsMessage.SlotRelease r) {
            host.onSlotRelease(r);
        } else if (m instanceof AppsMessage.Beats b) {
            driver.onBeats(from, b.apps());
        } else if (m instanceof AppsMessage.RoutedBeat rb) {
            driver.onRoutedBeat(rb);
        } else if (m instanceof AppsMessage.BeatAck a) {
            host.onBeatAck(from, a);
        } else if (m instanceof AppsMessage.ManagerHere h) {
            host.onManagerHere(from, h.appId());
        } else if (m instanceof AppsMessage.LogRead r) {
            host.onLogRead(from, r);
        } else if (m instanceof AppsMessage.LogChunk c) {
            api.onLogChunk(c);
        } else if (m instanceof AppsMessage.ViewChanged v && viewChanged != null) {
            viewChanged.accept(v.appId());
        }
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        if (!stopped && (payload instanceof AppsMessage.SlotRequest || payload instanceof AppsMessage.RoutedBeat)) {
            onMessage(origin, payload);
        }
    }

    @Override
    public void departed(NodeHandle node, boolean graceful) {
        if (!stopped) {
            driver.departed(node);
        }
    }

    // ---- heartbeats -----------------------------------------------------------------------------

    private void ensureBeating() {
        if (beatTimer == null && !stopped) {
            beatTimer = env.schedule(config.heartbeatMs(), this::beat);
        }
    }

    private void beat() {
        beatTimer = null;
        host.beat();
        if (host.hasSomethingToBeatFor()) {
            ensureBeating();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        if (beatTimer != null) {
            beatTimer.cancel();
        }
        driver.stop();
        keeper.stop();
    }
}
