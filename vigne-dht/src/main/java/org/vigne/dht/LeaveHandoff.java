package org.vigne.dht;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.Purpose;

/**
 * A graceful leave of one DHT: every key this node holds is pushed to the r nodes that will be its
 * replicas once this node is gone (the r closest other than this node), and the leave may proceed
 * when all of them have acknowledged, or when the service's leave timeout ends the wait.
 */
final class LeaveHandoff {
    private final NamedDht d;
    private final DhtContext ctx;
    /** Key to the nodes that have not yet acknowledged it. */
    private final Map<Id, Set<Id>> outstanding = new TreeMap<>();
    private final Map<Id, List<NodeHandle>> targets = new TreeMap<>();

    LeaveHandoff(NamedDht d) {
        this.d = d;
        this.ctx = d.ctx;
    }

    /** Starts pushing every key to its successors; returns the number of (key, node) pairs to acknowledge. */
    int start() {
        for (StoredKey e : d.store.snapshot()) {
            List<NodeHandle> to = new ArrayList<>();
            for (NodeHandle n : ctx.replicaSet(e.key, d.r + 1)) {
                if (!n.id().equals(ctx.selfId()) && to.size() < d.r) {
                    to.add(n);
                }
            }
            if (to.isEmpty()) {
                continue;
            }
            Set<Id> ids = new HashSet<>();
            for (NodeHandle n : to) {
                ids.add(n.id());
            }
            outstanding.put(e.key, ids);
            targets.put(e.key, to);
        }
        resend();
        return remaining();
    }

    /** Sends every key again to the nodes that have not acknowledged it. */
    void resend() {
        for (Map.Entry<Id, Set<Id>> o : outstanding.entrySet()) {
            StoredKey e = d.store.get(o.getKey());
            if (e == null) {
                continue;
            }
            for (NodeHandle n : targets.get(o.getKey())) {
                if (o.getValue().contains(n.id())) {
                    d.outbox.add(n, Purpose.HANDOFF, e.item());
                }
            }
        }
        d.outbox.flush();
    }

    void onAck(NodeHandle from, Id key, long version) {
        Set<Id> waiting = outstanding.get(key);
        if (waiting == null) {
            return;
        }
        StoredKey e = d.store.get(key);
        if (e == null || version >= e.version) {
            waiting.remove(from.id());
            if (waiting.isEmpty()) {
                outstanding.remove(key);
                targets.remove(key);
            }
        }
    }

    int remaining() {
        int n = 0;
        for (Set<Id> s : outstanding.values()) {
            n += s.size();
        }
        return n;
    }
}
