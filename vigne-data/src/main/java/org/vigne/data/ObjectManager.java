package org.vigne.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.data.DataMessage.Access;
import org.vigne.data.DataMessage.MasterIs;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtResult;

/**
 * The object managers this node hosts as the root of their keys in the objects DHT (paper,
 * Sect. 6). A manager knows where an object's master is (as far as the last publication said)
 * and redirects access requests to it: every request under STAT, only requests from copies that
 * suspect a broken chain under DYN (it is then the backup object manager).
 *
 * <p>A record is a hint, never a source of truth: a request sent to a node that is no longer the
 * master is passed on along that node's probable owner, so a stale record costs hops, not
 * safety. Records are kept in memory on the root and written to the objects DHT (replicated,
 * self-healing) when they change, at most every {@link DataConfig#managerPersistMs()}; a new root
 * reads the DHT the first time it is asked about an object, and falls back on the epoch's first
 * master. Records nobody used for {@link DataConfig#managerIdleMs()} are forgotten.
 */
final class ObjectManager {
    /** Requests parked per object while its record is read from the DHT. */
    static final int MAX_PARKED = 64;

    private final DataContext ctx;
    private final Dht dht;
    private final Map<ObjectName, Record> records = new HashMap<>();
    private Timer sweep;

    /** What a manager knows of one object. */
    private static final class Record {
        long epoch;
        long ownerSeq;
        NodeHandle master;
        long touchedMs;
        boolean dirty;
        /** Requests waiting for the DHT read of this record; null once it is loaded. */
        List<Access> parked;
    }

    ObjectManager(DataContext ctx, Dht dht) {
        this.ctx = ctx;
        this.dht = dht;
    }

    /** Records held here (for measurement: bounded by the objects whose key this node roots). */
    int size() {
        return records.size();
    }

    /** An access request routed to this node as the root of the object's key. */
    void onAccess(Access a) {
        Record r = records.get(a.object());
        if (r == null) {
            r = new Record();
            r.parked = new ArrayList<>();
            r.parked.add(a);
            r.touchedMs = ctx.nowMs();
            records.put(a.object(), r);
            load(a.object(), r);
            ensureSweep();
            return;
        }
        r.touchedMs = ctx.nowMs();
        if (r.parked != null) {
            if (r.parked.size() < MAX_PARKED) {
                r.parked.add(a);
            } else {
                ctx.counters.droppedRequests++;
            }
            return;
        }
        redirect(r, a);
    }

    private void redirect(Record r, Access a) {
        if (a.epoch() < r.epoch) {
            ctx.counters.staleEpoch++;
            return;
        }
        if (a.epoch() > r.epoch || r.master == null) {
            // A new epoch starts from its first master, which every requester names.
            r.epoch = a.epoch();
            r.ownerSeq = 0;
            r.master = a.epochMaster();
        }
        if (a.hops() >= ctx.config.maxForwardHops()) {
            ctx.counters.droppedRequests++;
            return;
        }
        ctx.counters.forwarded++;
        ctx.send(r.master, a.forwarded());
    }

    /** A master's publication, routed here. Newer (epoch, mastership) wins; reordered ones are ignored. */
    void onMasterIs(MasterIs p) {
        Record r = records.get(p.object());
        if (r == null) {
            r = new Record();
            records.put(p.object(), r);
            ensureSweep();
        }
        r.touchedMs = ctx.nowMs();
        if (newer(p.epoch(), p.ownerSeq(), r)) {
            boolean moved = r.master == null || !r.master.id().equals(p.master().id()) || r.epoch != p.epoch();
            r.epoch = p.epoch();
            r.ownerSeq = p.ownerSeq();
            r.master = p.master();
            r.dirty |= moved;
        }
    }

    private static boolean newer(long epoch, long ownerSeq, Record r) {
        return r.master == null || epoch > r.epoch || (epoch == r.epoch && ownerSeq > r.ownerSeq);
    }

    private void load(ObjectName name, Record r) {
        ctx.counters.managerLookups++;
        dht.get(name.key(), res -> {
            if (records.get(name) != r || r.parked == null) {
                return;
            }
            if (res.ok()) {
                merge(r, res);
            }
            List<Access> waiting = r.parked;
            r.parked = null;
            for (Access a : waiting) {
                redirect(r, a);
            }
        });
    }

    private void merge(Record r, DhtResult res) {
        ByteBuffer b = ByteBuffer.wrap(res.value());
        try {
            long epoch = b.getLong();
            long ownerSeq = b.getLong();
            byte[] id = new byte[Id.BYTES];
            b.get(id);
            int port = b.getInt();
            byte[] host = new byte[b.get() & 0xFF];
            b.get(host);
            if (newer(epoch, ownerSeq, r)) {
                r.epoch = epoch;
                r.ownerSeq = ownerSeq;
                r.master = new NodeHandle(Id.fromBytes(id), new String(host, StandardCharsets.UTF_8), port);
            }
        } catch (RuntimeException e) {
            ctx.counters.malformed++;
        }
    }

    static byte[] encode(long epoch, long ownerSeq, NodeHandle master) {
        byte[] host = master.host().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + Id.BYTES + 4 + 1 + host.length);
        b.putLong(epoch).putLong(ownerSeq).put(master.id().toBytes()).putInt(master.port())
                .put((byte) host.length).put(host);
        return b.array();
    }

    private void ensureSweep() {
        if (sweep == null) {
            sweep = ctx.env.schedule(ctx.config.managerPersistMs(), this::sweep);
        }
    }

    /** Writes changed records to the DHT and forgets idle ones; runs only while records exist. */
    private void sweep() {
        sweep = null;
        long now = ctx.nowMs();
        for (Iterator<Map.Entry<ObjectName, Record>> it = records.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ObjectName, Record> e = it.next();
            Record r = e.getValue();
            if (r.dirty && r.master != null) {
                r.dirty = false;
                ctx.counters.managerWrites++;
                dht.put(e.getKey().key(), encode(r.epoch, r.ownerSeq, r.master), res -> { });
            }
            if (r.parked == null && now - r.touchedMs >= ctx.config.managerIdleMs()) {
                it.remove();
            }
        }
        if (!records.isEmpty()) {
            ensureSweep();
        }
    }

    void stop() {
        if (sweep != null) {
            sweep.cancel();
        }
    }
}
