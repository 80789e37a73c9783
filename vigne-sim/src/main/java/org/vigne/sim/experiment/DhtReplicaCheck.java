package org.vigne.sim.experiment;

import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.sim.Oracle;
import org.vigne.sim.SimNode;

/**
 * Invariant checker of the DHT, reading the oracle and each live node's store: is every
 * acknowledged key still held, at its latest acknowledged version, by some live node (not lost),
 * and by each of the r live nodes that should replicate it (not under-replicated; a lost key is
 * counted as lost only)? And, once churn has settled, by no other node (keys move: a node that is
 * no longer a replica hands the key off and drops it)? Reused by the experiment and by every scenario.
 */
public final class DhtReplicaCheck {
    /** Nodes around a key searched first for a holder; a full scan confirms a key as lost. */
    private static final int NEAR = 17;

    /** What the check found, with up to a few example keys of each kind for failure messages. */
    public record Report(int keys, int lost, int underReplicated, List<Id> lostExamples, List<Id> underExamples,
                         int strayCopies, List<String> strayExamples) {
        public boolean ok() {
            return lost == 0 && underReplicated == 0;
        }
    }

    private DhtReplicaCheck() {
    }

    /**
     * Checks every key of {@code acked} (key to its latest acknowledged version) against the live
     * members of the ring.
     */
    public static Report check(Oracle oracle, int r, Map<Id, Long> acked) {
        int lost = 0;
        int under = 0;
        List<Id> lostEx = new java.util.ArrayList<>();
        List<Id> underEx = new java.util.ArrayList<>();
        int want = Math.min(r, oracle.size());
        java.util.Set<Id> ackedKeys = acked.keySet();
        int stray = 0;
        List<String> strayEx = new java.util.ArrayList<>();
        for (SimNode n : oracle.members()) {
            for (Id key : ackedKeys) {
                if (DhtNode.of(n).dht().localVersion(key) > 0 && !oracle.closest(key, want).contains(n)) {
                    stray++;
                    if (strayEx.size() < 5) {
                        strayEx.add(key.shortString() + " on node " + n.index());
                    }
                }
            }
        }
        for (Map.Entry<Id, Long> k : acked.entrySet()) {
            Id key = k.getKey();
            long v = k.getValue();
            List<SimNode> near = oracle.closest(key, NEAR);
            int replicas = 0;
            boolean held = false;
            for (int i = 0; i < near.size(); i++) {
                if (holds(near.get(i), key, v)) {
                    held = true;
                    if (i < want) {
                        replicas++;
                    }
                }
            }
            if (!held) {
                for (SimNode n : oracle.members()) {
                    if (holds(n, key, v)) {
                        held = true;
                        break;
                    }
                }
            }
            if (!held) {
                lost++;
                if (lostEx.size() < 5) {
                    lostEx.add(key);
                }
            }
            if (held && replicas < want) {
                under++;
                if (underEx.size() < 5) {
                    underEx.add(key);
                }
            }
        }
        return new Report(acked.size(), lost, under, lostEx, underEx, stray, strayEx);
    }

    /** True when {@code n} is up and stores {@code key} at version {@code v} or later. */
    public static boolean holds(SimNode n, Id key, long v) {
        DhtNode d = DhtNode.of(n);
        return d != null && d.dht().localVersion(key) >= v;
    }
}
