package org.vigne.dht;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ObjLongConsumer;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.core.Timer;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;

/**
 * The DHT service of one node (paper, Sect. 4): any number of named self-healing DHTs, each with
 * its own replication degree, over the overlay's key-based routing.
 *
 * <p>Wiring: {@code stack.register(DhtMessage.class, svc); overlay.addApplication(svc)}. Requests
 * are routed to the key's root, which orders versions and answers the client directly
 * ({@link RootOps}). Self-healing is periodic and batched, never a storm: a leaf-set change only
 * bumps the view epoch and schedules one re-placement pass {@link DhtConfig#reactDelayMs()} later
 * ({@link ReplicaView}); anti-entropy runs every {@link DhtConfig#antiEntropyMs()}
 * ({@link AntiEntropy}). Every pending structure is bounded or expires. A pure event handler: all
 * time, timers, randomness and sending come from {@link Env}.
 */
public final class DhtService implements Service, OverlayApplication {
    /** Largest replication degree: the replica set must fit in one side of the leaf set plus this node (L/2 + 1 with L = 16). */
    public static final int MAX_REPLICAS = 9;
    /** Reaction delays between a round brought forward and the round before it. */
    static final int EARLY_ROUND_SPACING = 2;

    private final DhtContext ctx;
    private final ClientOps client;
    private final Map<String, NamedDht> dhts = new LinkedHashMap<>();
    private Timer tickTimer;
    /** When {@link #tickTimer} fires, and when the last round ran. */
    private long nextTickMs;
    private long lastTickMs = Long.MIN_VALUE / 2;
    /** The nodes that shared keys with this one (see {@link #sharing}) at the last round. */
    private Set<Id> sharingAtRound = Set.of();
    private Timer reconcileTimer;
    private Timer leaveTimer;
    private Runnable leaveDone;
    private boolean leaving;
    private boolean stopped;

    public DhtService(Env env, KeyBasedRouting overlay, DhtConfig config) {
        this.ctx = new DhtContext(env, overlay, config);
        this.client = new ClientOps(ctx);
        long first = 1 + env.random().nextLong(config.antiEntropyMs());
        this.tickTimer = env.schedule(first, this::tick);
        this.nextTickMs = env.nowMs() + first;
    }

    /**
     * The DHT called {@code name} with replication degree {@code replicas}, created on first call.
     * Every node must create it with the same name and degree; calling again with them returns the
     * same DHT, with another degree is an error.
     */
    public Dht create(String name, int replicas) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("a DHT name has 1 to 255 characters");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replication degree must be in 1.." + MAX_REPLICAS + ", got " + replicas);
        }
        NamedDht d = dhts.get(name);
        if (d != null) {
            if (d.r != replicas) {
                throw new IllegalArgumentException("DHT \"" + name + "\" already exists with " + d.r + " replicas");
            }
            return d;
        }
        d = new NamedDht(this, ctx, client, name, replicas);
        dhts.put(name, d);
        return d;
    }

    /** The DHT called {@code name}, if this node created it. */
    public Optional<Dht> dht(String name) {
        return Optional.ofNullable(dhts.get(name));
    }

    /**
     * Graceful leave: hands every key of every DHT to the nodes that will replicate it without this
     * node, then runs {@code done} (after which the caller leaves the overlay). Operations issued
     * from now on, and those still in flight when {@code done} runs, fail with {@code UNAVAILABLE}.
     * {@code done} runs once, at the latest after {@link DhtConfig#leaveTimeoutMs()}.
     */
    public void leave(Runnable done) {
        if (leaving || stopped) {
            ctx.env.schedule(0, done);
            return;
        }
        leaving = true;
        leaveDone = done;
        client.refuseNew();
        int outstanding = 0;
        if (ctx.overlay.isJoined()) {
            for (NamedDht d : dhts.values()) {
                outstanding += d.leave.start();
            }
        }
        if (outstanding == 0) {
            ctx.env.schedule(0, this::finishLeave);
            return;
        }
        long deadline = ctx.nowMs() + ctx.config.leaveTimeoutMs();
        leaveTimer = ctx.env.schedule(ctx.config.storeRetryMs(), () -> leaveRetry(deadline));
    }

    private void leaveRetry(long deadlineMs) {
        if (leaveDone == null) {
            return;
        }
        if (ctx.nowMs() >= deadlineMs) {
            finishLeave();
            return;
        }
        for (NamedDht d : dhts.values()) {
            d.leave.resend();
        }
        leaveTimer = ctx.env.schedule(ctx.config.storeRetryMs(), () -> leaveRetry(deadlineMs));
    }

    private void checkLeaveDone() {
        if (leaveDone == null) {
            return;
        }
        for (NamedDht d : dhts.values()) {
            if (d.leave.remaining() > 0) {
                return;
            }
        }
        finishLeave();
    }

    private void finishLeave() {
        Runnable done = leaveDone;
        if (done == null) {
            return;
        }
        leaveDone = null;
        if (leaveTimer != null) {
            leaveTimer.cancel();
        }
        client.close("node is leaving");
        done.run();
    }

    boolean stopped() {
        return stopped;
    }

    /** Operations and root-side work in flight on this node, for measurement (must stay bounded). */
    public int pendingWork() {
        int n = client.pending();
        for (NamedDht d : dhts.values()) {
            n += d.pendingWork();
        }
        return n;
    }

    /**
     * Runs {@code action} with every key this node stores for the DHT {@code name} and the version
     * it stores (tombstones included), in key order. For measurement and tools: a checker that
     * must know every copy, not only those of a key's replica set.
     */
    public void forEachLocalKey(String name, ObjLongConsumer<Id> action) {
        NamedDht d = dhts.get(name);
        if (d != null) {
            for (StoredKey e : d.store.entries()) {
                action.accept(e.key, e.version);
            }
        }
    }

    /**
     * True when this node, as root, orders a write of a key it does not hold (or answers a get of
     * one) without first asking the other replicas ({@link RangeAuthority}): a round trip less on a
     * fresh key's put. Becomes true one or two anti-entropy rounds after the last view change, and
     * false at the next; never true for an unknown DHT or one whose handler manages replication.
     * For measurement and tools (a benchmark measures the steady state once every root holds it).
     */
    public boolean rangesConfirmed(String name) {
        NamedDht d = dhts.get(name);
        return d != null && !d.managed && d.authority.coversAll();
    }

    /** This node's counters. */
    public DhtCounters counters() {
        return ctx.counters;
    }

    // ---- message and overlay events -------------------------------------------------------------

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        if (stopped || !(msg instanceof DhtMessage m)) {
            return;
        }
        ctx.liveness.heardFrom(from);
        if (m instanceof DhtMessage.Reply r) {
            client.onReply(r);
            return;
        }
        if (m instanceof DhtMessage.WriteAck a) {
            client.onWriteAck(from.id(), a);
            return;
        }
        if (m instanceof DhtMessage.Request q) {
            // Sent straight here by a client that saw this node as the root: serve it if this
            // node agrees, else route it on.
            if (ctx.overlay.isRoot(q.key())) {
                deliver(q.key(), q, from);
            } else {
                ctx.overlay.route(q.key(), q);
            }
            return;
        }
        NamedDht d = dhts.get(dhtName(m));
        if (d == null) {
            ctx.counters.unknownDht++;
            return;
        }
        d.onMessage(from, m);
        if (leaveDone != null && m instanceof DhtMessage.TransferAck) {
            checkLeaveDone();
        }
    }

    private static String dhtName(DhtMessage m) {
        if (m instanceof DhtMessage.Store s) {
            return s.dht();
        } else if (m instanceof DhtMessage.StoreAck a) {
            return a.dht();
        } else if (m instanceof DhtMessage.VersionQuery q) {
            return q.dht();
        } else if (m instanceof DhtMessage.VersionReply r) {
            return r.dht();
        } else if (m instanceof DhtMessage.Digest g) {
            return g.dht();
        } else if (m instanceof DhtMessage.ConfirmDigest cg) {
            return cg.dht();
        } else if (m instanceof DhtMessage.DigestMatch dm) {
            return dm.dht();
        } else if (m instanceof DhtMessage.Summary s) {
            return s.dht();
        } else if (m instanceof DhtMessage.Fetch f) {
            return f.dht();
        } else if (m instanceof DhtMessage.Transfer t) {
            return t.dht();
        } else if (m instanceof DhtMessage.TransferAck a) {
            return a.dht();
        } else if (m instanceof DhtMessage.Offer o) {
            return o.dht();
        } else if (m instanceof DhtMessage.Request q) {
            return q.dht();
        }
        return "";
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        if (stopped || !(payload instanceof DhtMessage.Request q)) {
            return;
        }
        NamedDht d = dhts.get(q.dht());
        if (d == null) {
            ctx.counters.unknownDht++;
            return;
        }
        d.onRequest(q);
    }

    @Override
    public void update(NodeHandle node, boolean joined) {
        viewChanged();
    }

    @Override
    public void joined() {
        viewChanged();
    }

    @Override
    public void suspected(NodeHandle node) {
        if (ctx.liveness.overlaySuspects(node)) {
            viewChanged();
        }
    }

    @Override
    public void suspicionCleared(NodeHandle node) {
        if (ctx.liveness.overlayCleared(node)) {
            viewChanged();
        }
    }

    @Override
    public void departed(NodeHandle node, boolean graceful) {
        if (ctx.liveness.overlayCleared(node)) {
            viewChanged();
        }
    }

    /** The leaf set changed: cached replica sets are stale; re-place keys soon, once for the whole batch. */
    private void viewChanged() {
        ctx.epoch++;
        if (reconcileTimer == null && !stopped) {
            reconcileTimer = ctx.env.schedule(ctx.config.reactDelayMs(), () -> {
                reconcileTimer = null;
                if (!stopped && ctx.overlay.isJoined()) {
                    for (NamedDht d : dhts.values()) {
                        d.reconcile();
                    }
                    roundSoonIfSharingChanged();
                }
            });
        }
    }

    /**
     * Brings the next anti-entropy round forward when the nodes this one shares keys with changed
     * since the last round. Re-placement pushes a key to the nodes entering its replica set only
     * from its first keeper, the closest member of the old set; when that node departed as well
     * before its push (a burst of departures, each seen a reaction delay late), the others assume
     * it did, and a key can be left with a single copy until the next round, up to a period later
     * (seed 1 of the exp:1.4m guard lost six keys that way). The round's digests find such a key
     * wherever it still is: its new root fetches it. Rounds stay at least a reaction delay after
     * the pushes of the re-placement (so they mostly find replicas agreeing) and
     * {@link #EARLY_ROUND_SPACING} reaction delays apart.
     */
    private void roundSoonIfSharingChanged() {
        if (tickTimer == null || leaving) {
            return;
        }
        Set<Id> now = sharing();
        if (now.equals(sharingAtRound)) {
            return;
        }
        long react = Math.max(1, ctx.config.reactDelayMs());
        long at = Math.max(ctx.nowMs() + react, lastTickMs + EARLY_ROUND_SPACING * react);
        if (at < nextTickMs) {
            tickTimer.cancel();
            tickTimer = ctx.env.schedule(at - ctx.nowMs(), this::tick);
            nextTickMs = at;
        }
    }

    /** The r - 1 closest nodes on each side for the widest DHT that reconciles its own replicas: those it shares keys with. */
    private Set<Id> sharing() {
        Set<Id> ids = new HashSet<>();
        for (NodeHandle n : ctx.liveness.near(reconcileWidth())) {
            if (!ctx.liveness.suspected(n.id())) {
                ids.add(n.id());
            }
        }
        return ids;
    }

    /** r - 1 for the widest DHT that reconciles its own replicas, 0 when none does. */
    private int reconcileWidth() {
        int width = 0;
        for (NamedDht d : dhts.values()) {
            if (!d.managed) {
                width = Math.max(width, d.r - 1);
            }
        }
        return width;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (ctx.overlay.isJoined() && !leaving) {
            // Only DHTs that reconcile send digests, the heartbeats silence is timed against: a DHT
            // whose handler manages replication sends none, so its wider replica sets must not turn
            // the silence of the nodes beyond the digests' reach into suspicion.
            if (ctx.liveness.review(reconcileWidth())) {
                viewChanged();
            }
            for (NamedDht d : dhts.values()) {
                d.tick();
            }
            sharingAtRound = sharing();
        }
        lastTickMs = ctx.nowMs();
        nextTickMs = lastTickMs + ctx.config.antiEntropyMs();
        tickTimer = ctx.env.schedule(ctx.config.antiEntropyMs(), this::tick);
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        client.close("node stopped");
        stopped = true;
        if (tickTimer != null) {
            tickTimer.cancel();
        }
        if (reconcileTimer != null) {
            reconcileTimer.cancel();
        }
        if (leaveTimer != null) {
            leaveTimer.cancel();
        }
        for (NamedDht d : dhts.values()) {
            d.stop();
        }
    }
}
