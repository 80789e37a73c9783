package org.vigne.sim.experiment;

import java.util.ArrayList;
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

    /**
     * What the check found, with up to a few example keys of each kind for failure messages
     * ({@code lostKeys} has them all).
     */
    public record Report(int keys, int lost, int underReplicated, List<Id> lostExamples, List<Id> underExamples,
                         int strayCopies, List<String> strayExamples, List<Id> lostKeys) {
        public boolean ok() {
            return lost == 0 && underReplicated == 0;
        }
    }

    private DhtReplicaCheck() {
    }

    /**
     * Checks every key of {@code acked} (key to its latest acknowledged version) against the live
     * members of the ring, stray copies included.
     */
    public static Report check(Oracle oracle, int r, Map<Id, Long> acked) {
        return check(oracle, r, acked, true);
    }

    /** As {@link #check(Oracle, int, Map)}; without {@code strays}, stray copies are not looked for (reported as 0). */
    public static Report check(Oracle oracle, int r, Map<Id, Long> acked, boolean strays) {
        int lost = 0;
        int under = 0;
        List<Id> lostKeys = new ArrayList<>();
        List<Id> underEx = new ArrayList<>();
        int want = Math.min(r, oracle.size());
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
            if (!held && heldByAny(oracle, key, v)) {
                held = true;
            }
            if (!held) {
                lost++;
                lostKeys.add(key);
            }
            if (held && replicas < want) {
                under++;
                if (underEx.size() < 5) {
                    underEx.add(key);
                }
            }
        }
        List<String> strayEx = new ArrayList<>();
        int stray = strays ? strayCopies(oracle, want, acked, strayEx) : 0;
        return new Report(acked.size(), lost, under, lostKeys.subList(0, Math.min(5, lostKeys.size())), underEx, stray,
                strayEx, lostKeys);
    }

    /** Copies of acknowledged keys on live nodes outside their key's {@code want} closest, a pass over every node's store. */
    private static int strayCopies(Oracle oracle, int want, Map<Id, Long> acked, List<String> examples) {
        int[] stray = {0};
        forEachStray(oracle, want, acked, (n, key, version) -> {
            stray[0]++;
            if (examples.size() < 5) {
                examples.add(key.shortString() + " on node " + n.index());
            }
        });
        return stray[0];
    }

    /** A copy of an acknowledged key held by a node outside the key's {@code want} closest live nodes. */
    @FunctionalInterface
    public interface StrayCopy {
        void found(SimNode holder, Id key, long version);
    }

    /** Calls {@code action} for every stray copy of an acknowledged key on a live member of the ring. */
    public static void forEachStray(Oracle oracle, int want, Map<Id, Long> acked, StrayCopy action) {
        for (SimNode n : oracle.members()) {
            DhtNode d = DhtNode.of(n);
            d.service().forEachLocalKey(d.dht().name(), (key, version) -> {
                if (version > 0 && acked.containsKey(key) && !oracle.closest(key, want).contains(n)) {
                    action.found(n, key, version);
                }
            });
        }
    }

    /** True when some live member of the ring stores {@code key} at version {@code v} or later (nearest nodes first). */
    public static boolean heldByAny(Oracle oracle, Id key, long v) {
        for (SimNode n : oracle.closest(key, NEAR)) {
            if (holds(n, key, v)) {
                return true;
            }
        }
        for (SimNode n : oracle.members()) {
            if (holds(n, key, v)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code n} is up and stores {@code key} at version {@code v} or later. */
    public static boolean holds(SimNode n, Id key, long v) {
        DhtNode d = DhtNode.of(n);
        return d != null && d.dht().localVersion(key) >= v;
    }
}
