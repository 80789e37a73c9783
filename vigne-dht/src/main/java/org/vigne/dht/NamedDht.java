package org.vigne.dht;

import java.util.function.Consumer;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.ConfirmDigest;
import org.vigne.dht.DhtMessage.Digest;
import org.vigne.dht.DhtMessage.DigestMatch;
import org.vigne.dht.DhtMessage.Fetch;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtMessage.Offer;
import org.vigne.dht.DhtMessage.Op;
import org.vigne.dht.DhtMessage.Reply;
import org.vigne.dht.DhtMessage.Request;
import org.vigne.dht.DhtMessage.Store;
import org.vigne.dht.DhtMessage.StoreAck;
import org.vigne.dht.DhtMessage.Summary;
import org.vigne.dht.DhtMessage.Transfer;
import org.vigne.dht.DhtMessage.TransferAck;
import org.vigne.dht.DhtMessage.VersionQuery;
import org.vigne.dht.DhtMessage.VersionReply;
import org.vigne.dht.DhtMessage.WriteAck;

/**
 * One named DHT on one node: its store, its handler, and the parts of the protocol that act on
 * them (the root's ordering, syncs, re-placement, anti-entropy, leave hand-off). Created by
 * {@link DhtService#create}.
 */
final class NamedDht implements Dht {
    final DhtContext ctx;
    final String name;
    final int r;
    final KeyStore store;
    final Outbox outbox;
    final ReplicaView view;
    final RootOps root;
    final RootSync sync;
    final AntiEntropy antiEntropy;
    final LeaveHandoff leave;
    final RangeAuthority authority;
    private final ClientOps client;
    private final DhtService service;
    DhtHandler handler;
    boolean managed;
    /** The view epoch every key was last observed in ({@link #observeAll}). */
    private int observedEpoch = Integer.MIN_VALUE;

    NamedDht(DhtService service, DhtContext ctx, ClientOps client, String name, int r) {
        this.service = service;
        this.ctx = ctx;
        this.client = client;
        this.name = name;
        this.r = r;
        this.store = new KeyStore(ctx.selfId());
        this.outbox = new Outbox(ctx, name);
        this.view = new ReplicaView(this);
        this.root = new RootOps(this);
        this.sync = new RootSync(this);
        this.antiEntropy = new AntiEntropy(this);
        this.leave = new LeaveHandoff(this);
        this.authority = new RangeAuthority(ctx, r);
    }

    boolean stopped() {
        return service.stopped();
    }

    // ---- the Dht API ---------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public int replicas() {
        return r;
    }

    @Override
    public void put(Id key, byte[] value, Consumer<DhtResult> done) {
        client.start(name, Op.PUT, key, value, 0, done);
    }

    @Override
    public void putIfVersion(Id key, byte[] value, long expectedVersion, Consumer<DhtResult> done) {
        client.start(name, Op.PUT_IF_VERSION, key, value, expectedVersion, done);
    }

    @Override
    public void get(Id key, Consumer<DhtResult> done) {
        client.start(name, Op.GET, key, null, 0, done);
    }

    @Override
    public void remove(Id key, Consumer<DhtResult> done) {
        client.start(name, Op.REMOVE, key, null, 0, done);
    }

    @Override
    public void setHandler(DhtHandler handler) {
        this.handler = handler;
        this.managed = handler != null && handler.managesReplication();
        if (handler != null) {
            view.replayTo();
        }
    }

    @Override
    public int localKeyCount() {
        return store.liveCount();
    }

    @Override
    public long localVersion(Id key) {
        StoredKey e = store.get(key);
        return e == null ? 0 : e.version;
    }

    // ---- events ------------------------------------------------------------------------------

    void onRequest(Request q) {
        root.onRequest(q);
        outbox.flush();
    }

    void onMessage(NodeHandle from, DhtMessage m) {
        if (m instanceof Store s) {
            onStore(from, s);
        } else if (m instanceof StoreAck a) {
            root.onStoreAck(from, a);
        } else if (m instanceof VersionQuery q) {
            sync.onQuery(from, q);
        } else if (m instanceof VersionReply vr) {
            sync.onReply(from, vr);
        } else if (m instanceof Digest g) {
            antiEntropy.onDigest(from, g.hash(), g.count());
        } else if (m instanceof ConfirmDigest cg) {
            antiEntropy.onConfirmDigest(from, cg);
        } else if (m instanceof DigestMatch dm) {
            authority.onMatch(from, dm.hash(), dm.count());
        } else if (m instanceof Summary s) {
            antiEntropy.onSummary(from, s);
        } else if (m instanceof Fetch f) {
            antiEntropy.onFetch(from, f);
        } else if (m instanceof Transfer t) {
            antiEntropy.onTransfer(from, t);
        } else if (m instanceof TransferAck a) {
            antiEntropy.onTransferAck(from, a);
        } else if (m instanceof Offer o) {
            antiEntropy.onOffer(from, o);
        } else if (m instanceof Request || m instanceof Reply || m instanceof Item || m instanceof WriteAck) {
            return;
        }
        outbox.flush();
    }

    /**
     * A replica's part of a write: store it, acknowledge it to the node that issued it (first: that
     * is the one the caller waits for) unless that node is the root, and to the root, which needs
     * to know when the write is held by r nodes to answer the gets parked behind it.
     */
    private void onStore(NodeHandle from, Store s) {
        StoredKey e = view.apply(s.item());
        Id origin = s.origin().id();
        if (!origin.equals(from.id())) {
            WriteAck a = new WriteAck(s.requestId(), s.item().version(), e.version, s.need());
            if (origin.equals(ctx.selfId())) {
                client.onWriteAck(origin, a);
            } else {
                ctx.send(s.origin(), a);
            }
        }
        ctx.send(from, new StoreAck(name, s.writeId(), e.key, e.version));
    }

    /** After leaf-set changes: re-observe every key, re-replicate and hand off. */
    void reconcile() {
        observeAll();
        handOff();
        outbox.flush();
    }

    /**
     * The periodic round: collect old tombstones, hand off, exchange digests. When the view has not
     * changed since the last round and nothing is being handed off, its cost does not depend on the
     * number of keys ({@link ReplicaRange}).
     */
    void tick() {
        observeAll();
        for (StoredKey e : store.expiredTombstones(ctx.nowMs(), ctx.config.tombstoneTtlMs())) {
            if (e.inflightWrites == 0) {
                view.drop(e);
            } else {
                store.retryTombstone(e);
            }
        }
        handOff();
        antiEntropy.round();
        root.expire();
        outbox.flush();
    }

    /**
     * Brings every key's view up to the current epoch, once per epoch: a pass over all keys when the
     * leaf set (or the DHT's suspicion) changed, nothing otherwise. Keys stored since are observed
     * when they arrive.
     */
    void observeAll() {
        int epoch = ctx.epoch;
        if (observedEpoch == epoch) {
            return;
        }
        for (StoredKey e : store.entries()) {
            view.observe(e);
        }
        ctx.counters.backgroundKeyVisits += store.size();
        observedEpoch = epoch;
    }

    private void handOff() {
        if (managed) {
            return;
        }
        for (StoredKey e : store.handoffKeys()) {
            ctx.counters.backgroundKeyVisits++;
            view.handoffPass(e);
        }
    }

    int pendingWork() {
        return root.pending() + sync.pending();
    }

    void stop() {
        root.stop();
        sync.stop();
    }
}
