package org.vigne.net.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.files.FileStoreConfig;
import org.vigne.apps.node.AppsConfig;
import org.vigne.apps.node.AppsMessage;
import org.vigne.apps.node.AppsService;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.data.ApplicationTable;
import org.vigne.data.DataConfig;
import org.vigne.data.DataMessage;
import org.vigne.data.SharedObjects;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtService;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GcsService;
import org.vigne.net.NetConfig;
import org.vigne.net.NetGroup;
import org.vigne.net.NetNode;
import org.vigne.net.data.ApplicationFeed;
import org.vigne.net.data.DataGate;
import org.vigne.net.data.ObjectsCapture;
import org.vigne.net.data.StoredCheckpoints;
import org.vigne.net.data.StoredObjects;
import org.vigne.net.exec.AppTokens;
import org.vigne.net.exec.ExecutorSettings;
import org.vigne.net.exec.ProcessExecutor;
import org.vigne.net.groups.CounterGroups;
import org.vigne.net.sync.SyncDesk;
import org.vigne.net.sync.SyncGate;
import org.vigne.net.wire.MessageCodec;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayListener;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sync.SyncConfig;
import org.vigne.sync.SyncMessage;
import org.vigne.sync.Synchronisation;

/**
 * One node of a real grid: the same overlay, DHT service, group communication and file store the
 * simulator runs, on a {@link NetNode}, and the executor that runs its component processes. It
 * only assembles and sequences them (start, join, graceful leave); the protocols themselves stay
 * on the node's event loop, so {@link #overlay()}, {@link #dht()}, {@link #gcs()},
 * {@link #counters()}, {@link #fileStore()} and {@link #apps()} may be used there only
 * ({@link NetNode#call} gets there from another thread). Groups of kind {@value CounterGroups#KIND}
 * run a {@link org.vigne.net.groups.CounterMachine} on every node. Application management (the
 * managers' replicas, the host agent in front of the executor) starts with the executor, and with
 * it the {@link ApplicationFeed} that tells the shared objects ({@link #objects()}) which nodes
 * run each application's components. Every node also hosts the synchronisation service
 * ({@link #sync()}): replicas of applications' sync groups, and its components' participants.
 */
public final class GridNode implements AutoCloseable {
    /** How often the data service's view of an application not installed yet is read from its manager. */
    private static final long FEED_POLL_MS = 500;
    /** How often an installed one is read anyway: managers tell of changes, this only makes up for a lost notice. */
    private static final long FEED_SAFETY_POLL_MS = 30_000;
    /** Shared-object accesses give up after this on a real node (a write may or may not have taken effect). */
    private static final long OBJECT_OP_TIMEOUT_MS = 15_000;

    /** How long a checkpoint waits for the application's view to be current before its objects are read. */
    private static final long CAPTURE_WAIT_MS = 10_000;

    /** Wait after the overlay's leave messages are sent, so they are written before the sockets close. */
    private static final long LEAVE_FLUSH_MS = 50;

    private final NodeSettings settings;
    private final CompletableFuture<NodeHandle> joined = new CompletableFuture<>();
    private NetNode net;
    private final NodeTrace trace = new NodeTrace();
    private Overlay overlay;
    private DhtService dht;
    private GcsService gcs;
    private final CounterGroups counters = new CounterGroups();
    private FileStore fileStore;
    private volatile ProcessExecutor executor;
    private AppsService apps;
    private final ApplicationTable applications = new ApplicationTable();
    private SharedObjects objects;
    private DataGate dataGate;
    private volatile ApplicationFeed feed;
    private Synchronisation sync;
    private volatile SyncDesk syncDesk;

    private GridNode(NodeSettings settings) {
        this.settings = settings;
    }

    /**
     * Binds the node's socket and installs its services; the node neither creates nor joins a
     * ring until told to. {@code listener} gets the overlay's membership events.
     */
    public static GridNode start(NodeSettings s, Id id, MessageCodec codec, NetGroup group, OverlayListener listener)
            throws BindException {
        GridNode g = new GridNode(s);
        NetConfig config = NetConfig.of(id, s.secret(), s.listen().host(), s.listen().port())
                .withAdvertisedHost(s.advertisedHost())
                .withLinks(s.links());
        g.net = NetNode.start(config, codec, group, n -> g.install(n, listener));
        return g;
    }

    private void install(NetNode n, OverlayListener listener) {
        overlay = new Overlay(n, settings.overlay());
        n.services().register(OverlayMessage.class, overlay);
        overlay.addListener(listener);
        if (NodeTrace.enabled()) {
            overlay.addListener(trace);
        }
        overlay.addListener(new OverlayListener() {
            @Override
            public void joined(Overlay o) {
                joined.complete(o.self());
            }
        });
        dht = new DhtService(n, overlay, settings.dht());
        n.services().register(DhtMessage.class, dht);
        overlay.addApplication(dht);
        for (DhtSpec d : settings.dhts()) {
            dht.create(d.name(), d.replicas());
        }
        gcs = new GcsService(n, overlay, dht, GcsConfig.defaults());
        n.services().register(GcsMessage.class, gcs);
        if (NodeTrace.enabled()) {
            gcs.setObserver(trace);
        }
        overlay.addApplication(gcs);
        gcs.registerKind(CounterGroups.KIND, settings.counterReplicas(), counters, null);
        fileStore = new FileStore(n, dht.create(FileStoreConfig.DHT_NAME, FileStoreConfig.DHT_REPLICAS),
                FileStoreConfig.defaults());
        DataConfig data = dataConfig();
        objects = new SharedObjects(n, overlay, dht.create(DataConfig.OBJECTS_DHT, data.managerReplicas()), applications,
                data);
        dataGate = new DataGate(objects);
        n.services().register(DataMessage.class, dataGate);
        overlay.addApplication(dataGate);
        sync = new Synchronisation(n, overlay, gcs, SyncConfig.defaults());
        SyncGate syncGate = new SyncGate(sync);
        n.services().register(SyncMessage.class, syncGate);
        overlay.addApplication(syncGate);
    }

    /** The data service's settings on a real node: the default bound, a shorter operation timeout. */
    public static DataConfig dataConfig() {
        return DataConfig.defaults().withOpTimeoutMs(OBJECT_OP_TIMEOUT_MS);
    }

    /**
     * Starts the node's executor with as many slots as the machine has cores; see
     * {@link #startExecutor(DataDir, String, HostPort, int)}.
     */
    public ProcessExecutor startExecutor(DataDir dir, String controlToken, HostPort control) {
        return startExecutor(dir, controlToken, control, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Starts the node's executor, its sandboxes under {@code dir} (killing what a previous run of
     * the node left there), its components' tokens derived from {@code controlToken}, and
     * {@code control} given to them as {@code VIGNE_NODE}; then application management in front of
     * it, offering {@code slots} slots. Blocking; call it once, after start and before the node
     * creates or joins a ring.
     */
    public ProcessExecutor startExecutor(DataDir dir, String controlToken, HostPort control, int slots) {
        try {
            executor = ProcessExecutor.start(net::execute, dir.sandboxes(), new AppTokens(controlToken), control::toString,
                    ExecutorSettings.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandboxes in " + dir.sandboxes(), e);
        }
        net.call(() -> {
            apps = new AppsService(net, overlay, dht, gcs, fileStore, executor, AppsConfig.defaults(slots),
                    NodeTrace.enabled() ? trace : null);
            net.services().register(AppsMessage.class, apps);
            overlay.addApplication(apps);
            feed = new ApplicationFeed(net, applications, apps.api()::status, new StoredObjects(fileStore),
                    this::hostedApplications, FEED_POLL_MS, FEED_SAFETY_POLL_MS);
            dataGate.onHeardOf(feed::heardOf);
            apps.onViewChanges(feed::changed);
            executor.captureObjectsWith(new ObjectsCapture(net::execute, objects, feed, CAPTURE_WAIT_MS)::capture);
            syncDesk = new SyncDesk(net, sync, apps.api()::status, id -> apps.hostedInstances().contains(id),
                    new StoredCheckpoints(fileStore));
            SyncDesk desk = syncDesk;
            feed.onStatus(desk::observe);
            executor.captureSyncWith(id -> desk.capture(net::execute, id));
            return apps;
        }).join();
        return executor;
    }

    private Set<String> hostedApplications() {
        Set<String> out = new TreeSet<>();
        apps.hostedInstances().forEach(i -> out.add(i.appId()));
        return out;
    }

    /** Starts a new ring with this node alone in it. */
    public void create() {
        net.execute(overlay::create);
    }

    /** Joins the ring through any of {@code bootstraps} (tried in turn until one answers). */
    public void join(List<NodeHandle> bootstraps) {
        net.execute(() -> overlay.join(bootstraps));
    }

    /**
     * Joins through nodes known only by address. The transport reaches a node by its address and
     * never checks the id of the handle it sends to, and the overlay only sends its join request
     * to a bootstrap handle (it learns the bootstrap's real handle from its answer), so a
     * placeholder id, the SHA-1 of the address, is enough. This node's own address is skipped.
     */
    public void joinAddresses(List<HostPort> bootstraps) {
        List<NodeHandle> handles = new ArrayList<>();
        for (HostPort b : bootstraps) {
            if (!(b.host().equals(self().host()) && b.port() == self().port())) {
                handles.add(bootstrapHandle(b));
            }
        }
        if (handles.isEmpty()) {
            throw new IllegalArgumentException("--join names only this node itself: give another node's address");
        }
        join(handles);
    }

    /** The handle used to reach a bootstrap node known only by its address. */
    public static NodeHandle bootstrapHandle(HostPort address) {
        return new NodeHandle(Id.sha1(address.toString()), address.host(), address.port());
    }

    /** Completes with this node's handle once it has joined (or created) the ring. */
    public CompletableFuture<NodeHandle> joined() {
        return joined;
    }

    /**
     * Leaves gracefully: the groups led here hand their leadership over, the DHT hands its keys
     * over, then the overlay tells its neighbours, all within {@code boundMs} (past it the overlay
     * leaves anyway). Completes once the leave messages are written; {@link #close()} the node
     * afterwards.
     */
    public CompletableFuture<Void> leave(long boundMs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        net.execute(() -> {
            if (!overlay.isJoined()) {
                overlay.leave();
                done.complete(null);
                return;
            }
            Timer bound = net.schedule(boundMs, () -> leaveOverlay(done));
            gcs.leave(() -> dht.leave(() -> {
                bound.cancel();
                leaveOverlay(done);
            }));
        });
        return done;
    }

    private void leaveOverlay(CompletableFuture<Void> done) {
        if (overlay.isJoined()) {
            overlay.leave();
            net.schedule(LEAVE_FLUSH_MS, () -> done.complete(null));
        } else {
            done.complete(null);
        }
    }

    public NetNode net() {
        return net;
    }

    public NodeHandle self() {
        return net.self();
    }

    public NodeSettings settings() {
        return settings;
    }

    /** The overlay; on the node's event loop only. */
    public Overlay overlay() {
        return overlay;
    }

    /** The DHT service; on the node's event loop only. */
    public DhtService dht() {
        return dht;
    }

    /** Group communication; on the node's event loop only. */
    public GcsService gcs() {
        return gcs;
    }

    /** The counter replicas hosted here; on the node's event loop only. */
    public CounterGroups counters() {
        return counters;
    }

    /** Files chunked into the files DHT; on the node's event loop only. */
    public FileStore fileStore() {
        return fileStore;
    }

    /** Application management, once {@link #startExecutor} ran (else null); on the node's event loop only. */
    public AppsService apps() {
        return apps;
    }

    /** Shared objects of the applications running here; on the node's event loop only. */
    public SharedObjects objects() {
        return objects;
    }

    /** Barriers and semaphores of the applications running here; on the node's event loop only. */
    public Synchronisation sync() {
        return sync;
    }

    /** Where this node's components meet {@link #sync()}, once {@link #startExecutor} ran (else null); on the node's event loop only. */
    public SyncDesk syncDesk() {
        return syncDesk;
    }

    /** The data service's view of applications, fed by {@link #feed()}; on the node's event loop only. */
    public ApplicationTable applications() {
        return applications;
    }

    /** What feeds the data service's view, once {@link #startExecutor} ran (else null); on the node's event loop only. */
    public ApplicationFeed feed() {
        return feed;
    }

    /** The executor, once {@link #startExecutor} ran (else null); its methods on the node's event loop only. */
    public ProcessExecutor executor() {
        return executor;
    }

    /** Kills the components, stops the services and closes the sockets, without telling anyone (a crash, if not left first). */
    @Override
    public void close() {
        ProcessExecutor e = executor;
        if (e != null) {
            e.close();
        }
        ApplicationFeed f = feed;
        if (f != null) {
            net.execute(f::stop);
        }
        net.close();
    }
}
