package org.vigne.sim.experiment;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.sim.Oracle;
import org.vigne.sim.SimNode;

/**
 * Counts every acknowledged key lost during a run, not only those still lost when it ends (a key
 * lost mid-run and written again by the workload looks whole at the end). A key is lost
 * <ul>
 *   <li>when, after a node that held its latest acknowledged version has gone, no live node holds
 *       that version or a later one. The check runs once the node is down (a leaving node hands
 *       off first) and at least {@link #SETTLE_MS} after it departed, so that what it sent before
 *       going has landed: a copy still in flight is not counted as lost;</li>
 *   <li>or when a put is acknowledged with a version older than the one acknowledged before the
 *       put was issued: its root ordered the write without knowing that version, so the write is
 *       silently overridden by an older one.</li>
 * </ul>
 * Each key counts once however often it is lost.
 */
final class LossWatch {
    /** Least time between a departure and the check of the keys the departed node held. */
    static final long SETTLE_MS = 1_000;

    private record Pending(SimNode node, int incarnation, long departedMs, int key, long version) {
    }

    private final Oracle oracle;
    private final DhtLedger ledger;
    private final Map<Id, Integer> index = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final BitSet lost = new BitSet();
    private long writesOrderedStale;

    LossWatch(Oracle oracle, DhtLedger ledger) {
        this.oracle = oracle;
        this.ledger = ledger;
        for (int i = 0; i < ledger.size(); i++) {
            index.put(ledger.key(i), i);
        }
    }

    /** {@code n} is about to crash or start leaving: remember the keys it holds at their latest acknowledged version. */
    void departing(SimNode n, long nowMs) {
        DhtNode d = DhtNode.of(n);
        if (d == null) {
            return;
        }
        d.service().forEachLocalKey(d.dht().name(), (key, version) -> {
            Integer k = index.get(key);
            if (k != null) {
                long acked = ledger.acked(k);
                if (acked > 0 && version >= acked) {
                    pending.add(new Pending(n, n.incarnation(), nowMs, k, acked));
                }
            }
        });
    }

    /** A put of key {@code k}, issued when {@code ackedAtIssue} was its latest acknowledged version, was acknowledged at {@code version}. */
    void putAcknowledged(int k, long ackedAtIssue, long version) {
        if (version < ackedAtIssue) {
            writesOrderedStale++;
            lost.set(k);
        }
    }

    /** Checks the keys of the nodes that departed at least {@link #SETTLE_MS} ago and are now down. */
    void check(long nowMs) {
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            boolean gone = !p.node().alive() || p.node().incarnation() != p.incarnation();
            if (gone && nowMs - p.departedMs() >= SETTLE_MS) {
                it.remove();
                if (!lost.get(p.key()) && !DhtReplicaCheck.heldByAny(oracle, ledger.key(p.key()), p.version())) {
                    lost.set(p.key());
                }
            }
        }
    }

    /** Counts {@code keys}, found lost when the run ends, as lost (most already are). */
    void lostAtEnd(List<Id> keys) {
        for (Id key : keys) {
            lost.set(index.get(key));
        }
    }

    /** Distinct keys lost at some point of the run. */
    int keysLostDuringRun() {
        return lost.cardinality();
    }

    /** Acknowledged puts whose version was older than one acknowledged before they were issued. */
    long writesOrderedStale() {
        return writesOrderedStale;
    }
}
