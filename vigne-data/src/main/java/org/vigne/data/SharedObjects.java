package org.vigne.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.data.AccessResult.Status;
import org.vigne.data.DataMessage.Access;
import org.vigne.data.DataMessage.Invalidate;
import org.vigne.data.DataMessage.InvalidateAck;
import org.vigne.data.DataMessage.MasterIs;
import org.vigne.data.DataMessage.ReadGrant;
import org.vigne.data.DataMessage.Transfer;
import org.vigne.data.DataMessage.TransferAck;
import org.vigne.dht.Dht;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;

/**
 * The volatile data management service of one node (paper, Sect. 6): shared objects private to
 * an application, in atomic consistency, through the STAT or DYN write-invalidate protocol that
 * the application's spec names.
 *
 * <p>Components on this node call {@link #read}, {@link #write} and {@link #compareAndSet}; each
 * call returns at once and its callback runs later, exactly once, on the node's event loop (never
 * inside the call), with {@code OK} or a failure status. Accesses of one node to one object are
 * served in call order. Must be called on the node's event loop.
 *
 * <p>Wiring: {@code stack.register(DataMessage.class, svc); overlay.addApplication(svc)}, with the
 * objects DHT ({@link DataConfig#OBJECTS_DHT}) created on every node and the node's
 * {@link ApplicationView}, which tells the service which applications run here, in which epoch.
 * A pure event handler: time, timers, randomness and sending come from {@link Env}.
 */
public final class SharedObjects implements Service, OverlayApplication, ApplicationView.Listener {
    /** Largest copy set a hand-off may carry: far above any application's node count, it only rejects garbage. */
    static final int MAX_COPY_SET = 1 << 16;

    private final DataContext ctx;
    private final MasterCopy master;
    private final CopyProtocol copies;
    private final ObjectManager managers;
    /** Per application, the copies of its current epoch on this node. */
    private final Map<String, EpochCopies> apps = new HashMap<>();
    private boolean stopped;

    private static final class EpochCopies {
        final long epoch;
        final Map<String, Copy> byName = new LinkedHashMap<>();

        EpochCopies(long epoch) {
            this.epoch = epoch;
        }
    }

    public SharedObjects(Env env, KeyBasedRouting overlay, Dht objects, ApplicationView view, DataConfig config) {
        this.ctx = new DataContext(env, overlay, view, config);
        this.master = new MasterCopy(ctx);
        this.copies = new CopyProtocol(ctx, master);
        this.managers = new ObjectManager(ctx, objects);
        view.setListener(this);
    }

    // ---- client API -----------------------------------------------------------------------------

    /** Reads object {@code name} of {@code app}: {@code OK} with its value (empty if never written). */
    public void read(String app, String name, Consumer<AccessResult> done) {
        access(app, name, new LocalOp(LocalOp.Kind.READ, null, null, done));
    }

    /**
     * The value of {@code name} if this node's copy can serve a read right now, without waiting
     * behind another access or a mastership change (null otherwise: use {@link #read}). A read so
     * served takes effect at this instant, as {@link #read} on the same copy would; it saves the
     * callback's trip through the event loop, which is what a read of a valid local copy costs
     * most of on a real node.
     */
    public byte[] readNow(String app, String name) {
        if (stopped || !ObjectName.valid(app, name) || !ctx.view.isMember(app, ctx.self().id())) {
            return null;
        }
        EpochCopies ec = apps.get(app);
        Copy c = ec == null || ec.epoch != ctx.view.epoch(app) ? null : ec.byName.get(name);
        if (c == null || !c.state().readable() || !c.ops.isEmpty() || c.round != null) {
            return null;
        }
        ctx.counters.accesses++;
        return c.value;
    }

    /**
     * Reads object {@code name} of {@code app} as {@link #read} does, and tells {@code done} also
     * the epoch and version of the value read (null when the read failed): what a coordinated
     * checkpoint keeps, so that snapshots taken on several nodes merge on the latest value.
     */
    public void readVersioned(String app, String name, BiConsumer<AccessResult, MasterValue> done) {
        LocalOp[] op = new LocalOp[1];
        op[0] = new LocalOp(LocalOp.Kind.READ, null, null, r -> done.accept(r,
                r.ok() && op[0].versionRead >= 0 ? new MasterValue(op[0].epochRead, op[0].versionRead, r.value()) : null));
        access(app, name, op[0]);
    }

    /** Writes {@code value} into object {@code name} of {@code app}. */
    public void write(String app, String name, byte[] value, Consumer<AccessResult> done) {
        access(app, name, new LocalOp(LocalOp.Kind.WRITE, value.clone(), null, done));
    }

    /**
     * Writes {@code value} only if the object still holds {@code expected} (byte for byte); else
     * completes with {@code CONFLICT} carrying the current value, and writes nothing.
     */
    public void compareAndSet(String app, String name, byte[] expected, byte[] value, Consumer<AccessResult> done) {
        access(app, name, new LocalOp(LocalOp.Kind.COMPARE_AND_SET, value.clone(), expected.clone(), done));
    }

    private void access(String app, String name, LocalOp op) {
        ctx.counters.accesses++;
        String refusal = null;
        Status status = null;
        if (!ObjectName.valid(app, name)) {
            status = Status.INVALID_NAME;
            refusal = "application and object names have 1 to " + ObjectName.MAX_NAME_BYTES + " bytes";
        } else if (op.value != null && op.value.length > ctx.config.maxValueBytes()) {
            status = Status.TOO_LARGE;
            refusal = "a value has at most " + ctx.config.maxValueBytes() + " bytes, got " + op.value.length;
        } else if (ctx.view.status(app) == ApplicationView.Status.ENDED) {
            status = Status.APPLICATION_ENDED;
            refusal = "application " + app + " has ended";
        } else if (stopped || !ctx.view.isMember(app, ctx.self().id())) {
            status = Status.UNKNOWN_APPLICATION;
            refusal = "this node runs no component of application " + app;
        }
        Copy c = status == null ? copyFor(new ObjectName(app, name), ctx.view.epoch(app), true) : null;
        if (c != null && c.ops.size() >= ctx.config.maxLocalOps()) {
            status = Status.BUSY;
            refusal = c.ops.size() + " accesses already wait on " + c.name;
        }
        if (status != null) {
            AccessResult r = AccessResult.failure(status, refusal);
            ctx.env.schedule(0, () -> op.done.accept(r));
            return;
        }
        copies.submit(c, op);
    }

    // ---- messages -------------------------------------------------------------------------------

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        if (stopped || !(msg instanceof DataMessage m)) {
            return;
        }
        if (!DataMessage.wellFormed(m, ctx.config.maxValueBytes(), MAX_COPY_SET)) {
            ctx.counters.malformed++;
            return;
        }
        if (m instanceof Access a) {
            Copy c = copyFor(a.object(), a.epoch(), true);
            if (c != null) {
                copies.onAccess(c, a);
            } else if (a.epoch() > ctx.view.epoch(a.object().application()) && a.hops() < ctx.config.maxForwardHops()) {
                // This node does not know that epoch: the object manager does.
                ctx.route(a.object().key(), a.forwarded());
            }
        } else if (m instanceof Transfer t) {
            Copy c = copyFor(t.object(), t.epoch(), true);
            if (c != null) {
                master.onTransfer(c, t);
            }
        } else if (m instanceof Invalidate inv) {
            Copy c = copyFor(inv.object(), inv.epoch(), false);
            if (c != null) {
                copies.onInvalidate(c, inv);
            } else if (inv.epoch() >= ctx.view.epoch(inv.object().application())) {
                copies.acknowledgeWithoutCopy(inv.master(), inv);
            }
        } else if (m instanceof ReadGrant g) {
            Copy c = copyFor(g.object(), g.epoch(), false);
            if (c != null) {
                copies.onReadGrant(c, g);
            } else {
                ctx.counters.staleGrants++;
            }
        } else if (m instanceof TransferAck ack) {
            Copy c = copyFor(ack.object(), ack.epoch(), false);
            if (c != null) {
                master.onTransferAck(c, ack);
            }
        } else if (m instanceof InvalidateAck ack) {
            Copy c = copyFor(ack.object(), ack.epoch(), false);
            if (c != null) {
                master.onInvalidateAck(c, from, ack);
            }
        } else {
            ctx.counters.malformed++;
        }
    }

    /** Routed messages reach the object manager on the root of the object's key. */
    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        if (stopped || !(payload instanceof DataMessage m)) {
            return;
        }
        if (!DataMessage.wellFormed(m, ctx.config.maxValueBytes(), MAX_COPY_SET) || !key.equals(m.object().key())) {
            ctx.counters.malformed++;
            return;
        }
        if (m instanceof Access a) {
            managers.onAccess(a);
        } else if (m instanceof MasterIs p) {
            managers.onMasterIs(p);
        } else {
            ctx.counters.malformed++;
        }
    }

    /**
     * This node's copy of {@code name} in {@code epoch}, created when asked and the node knows that
     * epoch; null for an older epoch (counted), or one this node was not told of. The copy the
     * epoch's first master creates holds the checkpoint's value.
     */
    private Copy copyFor(ObjectName name, long epoch, boolean create) {
        String app = name.application();
        long known = ctx.view.epoch(app);
        if (epoch < known) {
            ctx.counters.staleEpoch++;
            return null;
        }
        EpochCopies ec = apps.get(app);
        if (ec != null && ec.epoch < Math.max(epoch, known)) {
            purge(app, Status.RESTARTED, "application " + app + " restarted from a checkpoint");
            ec = null;
        }
        if (epoch > known) {
            ctx.counters.unknownEpoch++;
            return null;
        }
        Copy c = ec == null ? null : ec.byName.get(name.name());
        if (c != null || !create) {
            return c;
        }
        if (ec == null) {
            ec = new EpochCopies(epoch);
            apps.put(app, ec);
        }
        Id key = name.key();
        NodeHandle first = ctx.view.initialMaster(app, key);
        c = new Copy(name, key, epoch, first);
        if (ctx.isSelf(first)) {
            c.startAsEpochMaster(ctx.view.checkpointValue(app, name.name()));
            master.schedulePublish(c);
        }
        ec.byName.put(name.name(), c);
        return c;
    }

    private void purge(String app, Status status, String reason) {
        EpochCopies ec = apps.remove(app);
        if (ec == null) {
            return;
        }
        for (Copy c : ec.byName.values()) {
            c.cancelTimers();
            copies.failAll(c, status, reason);
        }
    }

    // ---- the application view's changes ---------------------------------------------------------

    /**
     * A new epoch drops every copy of the old one. The epoch's first master of each object the
     * checkpoint holds takes its value at once, so that mastership of an object never depends on
     * this node being asked for it later.
     */
    @Override
    public void epochStarted(String app, long epoch) {
        purge(app, Status.RESTARTED, "application " + app + " restarted from a checkpoint (epoch " + epoch + ")");
        for (String name : ctx.view.checkpointObjects(app)) {
            ObjectName o = new ObjectName(app, name);
            if (ctx.isSelf(ctx.view.initialMaster(app, o.key()))) {
                copyFor(o, epoch, true);
            }
        }
    }

    @Override
    public void membersChanged(String app) {
        EpochCopies ec = apps.get(app);
        if (ec == null) {
            return;
        }
        boolean member = ctx.view.isMember(app, ctx.self().id());
        for (Copy c : new ArrayList<>(ec.byName.values())) {
            if (member) {
                master.membersChanged(c);
            } else {
                copies.leave(c);
            }
        }
    }

    @Override
    public void ended(String app) {
        purge(app, Status.APPLICATION_ENDED, "application " + app + " has ended");
    }

    // ---- measurement and checkpoints ------------------------------------------------------------

    /** The value of this node's master copy of {@code name} in the current epoch, or null if it holds none. */
    public MasterValue masterValue(ObjectName name) {
        EpochCopies ec = apps.get(name.application());
        Copy c = ec == null || ec.epoch != ctx.view.epoch(name.application()) ? null : ec.byName.get(name.name());
        if (c == null || !(c.state().isMaster() || c.state() == CopyState.HANDING_OFF)) {
            return null;
        }
        return new MasterValue(c.epoch, c.version, c.value.clone());
    }

    /**
     * The objects of {@code app} this node knows of in the current epoch: those it holds a copy of
     * and those the checkpoint the epoch started from holds (sorted, for a deterministic snapshot).
     */
    public SortedSet<String> objectNames(String app) {
        SortedSet<String> names = new TreeSet<>(ctx.view.checkpointObjects(app));
        EpochCopies ec = apps.get(app);
        if (ec != null && ec.epoch == ctx.view.epoch(app)) {
            names.addAll(ec.byName.keySet());
        }
        return names;
    }

    /** The access rights of this node's copy of {@code name} in the current epoch, or null when it has none. */
    public CopyState copyState(ObjectName name) {
        EpochCopies ec = apps.get(name.application());
        Copy c = ec == null || ec.epoch != ctx.view.epoch(name.application()) ? null : ec.byName.get(name.name());
        return c == null ? null : c.state();
    }

    /** The largest number of entries (copy set, queued requests, waiting accesses, awaited acknowledgements) of any copy here. */
    public int maxCopyEntries() {
        int max = 0;
        for (EpochCopies ec : apps.values()) {
            for (Copy c : ec.byName.values()) {
                max = Math.max(max, c.entries());
            }
        }
        return max;
    }

    /** Copies held here, all applications together. */
    public int copyCount() {
        int n = 0;
        for (EpochCopies ec : apps.values()) {
            n += ec.byName.size();
        }
        return n;
    }

    /** Object-manager records held here. */
    public int managerRecords() {
        return managers.size();
    }

    public DataCounters counters() {
        return ctx.counters;
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (String app : new ArrayList<>(apps.keySet())) {
            purge(app, Status.UNKNOWN_APPLICATION, "node stopped");
        }
        managers.stop();
    }
}
