package org.vigne.sim.data;

import java.util.HashMap;
import java.util.Map;
import org.vigne.data.AccessResult;
import org.vigne.data.NearRead;
import org.vigne.data.SharedObjects;
import org.vigne.sim.SimNode;
import org.vigne.sim.Simulator;

/**
 * A component session keeping near copies, modelled in the simulator as the real client keeps
 * them: a read within the lease (counted from the instant the request left) is served from the
 * copy with no message; a miss asks the node, which may lend the value; a revocation drops the
 * copy, refuses any grant it covers still on its way, and is acknowledged; a write drops the copy
 * first and tells the node so. Loopback hops take {@link #HOP_MS}. A stuck session never
 * acknowledges (a hung component): the node then waits out its lease.
 */
final class NearSession {
    static final long HOP_MS = 1;

    private record Near(byte[] value, long seq, long sentMs, long leaseMs) {
    }

    final long id;
    final String process;
    private final DataTestbed t;
    private final SharedObjects objects;
    private final Simulator sim;
    private final boolean stuck;
    private final Map<String, Near> copies = new HashMap<>();
    private final Map<String, Long> invalidUpTo = new HashMap<>();
    int nearReads;
    int revocationsSeen;

    NearSession(DataTestbed t, SimNode node, long id, boolean stuck) {
        this.t = t;
        this.id = id;
        this.process = "s" + id + "@n" + node.index();
        this.objects = DataNode.of(node).objects();
        this.sim = t.sim;
        this.stuck = stuck;
    }

    /** The node revokes this session's copy of {@code name} granted up to {@code seq}. */
    void onRevoke(String name, long seq) {
        revocationsSeen++;
        if (stuck) {
            return;
        }
        invalidUpTo.merge(name, seq, Math::max);
        Near c = copies.get(name);
        if (c != null && c.seq() <= seq) {
            copies.remove(name);
        }
        sim.after(HOP_MS, () -> objects.leaseReleased(DataTestbed.APP, name, id, seq));
    }

    DataTestbed.Pending read(String name) {
        DataTestbed.Pending p = new DataTestbed.Pending();
        long now = sim.nowMs();
        int h = t.history.callRead(process, t.manager.epoch(), name, now);
        Near c = copies.get(name);
        if (c != null && now - c.sentMs() < c.leaseMs()) {
            nearReads++;
            t.history.returnRead(h, c.value(), now);
            p.result = AccessResult.ok(c.value());
            return p;
        }
        copies.remove(name);
        sim.after(HOP_MS, () -> {
            NearRead r = objects.readNear(DataTestbed.APP, name, id);
            if (r != null) {
                sim.after(HOP_MS, () -> {
                    if (r.leaseSeq() > invalidUpTo.getOrDefault(name, 0L)) {
                        copies.put(name, new Near(r.value(), r.leaseSeq(), now, r.leaseMs()));
                    }
                    done(p, h, AccessResult.ok(r.value()));
                });
            } else {
                objects.read(DataTestbed.APP, name, res -> sim.after(HOP_MS, () -> done(p, h, res)));
            }
        });
        return p;
    }

    DataTestbed.Pending write(String name, String value) {
        DataTestbed.Pending p = new DataTestbed.Pending();
        copies.remove(name);
        byte[] v = DataTestbed.bytes(value);
        int h = t.history.callWrite(process, t.manager.epoch(), name, v, sim.nowMs());
        sim.after(HOP_MS, () -> {
            objects.leaseReleased(DataTestbed.APP, name, id, Long.MAX_VALUE);
            objects.write(DataTestbed.APP, name, v, res -> sim.after(HOP_MS, () -> {
                if (res.ok()) {
                    t.history.returnWrite(h, sim.nowMs());
                } else {
                    t.history.refused(h);
                }
                p.result = res;
            }));
        });
        return p;
    }

    private void done(DataTestbed.Pending p, int h, AccessResult r) {
        if (r.ok()) {
            t.history.returnRead(h, r.value(), sim.nowMs());
        } else {
            t.history.refused(h);
        }
        p.result = r;
    }
}
