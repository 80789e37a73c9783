package org.vigne.dht;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The DHT's view of its near neighbours' liveness. The overlay is the node's one failure detector:
 * the DHT reports what it sees to it and acts on what it decides. Anti-entropy sends a digest
 * every round to the r - 1 closest unsuspected nodes on each side and every other round to the
 * next one, so every live node within r - 1 positions (not counting suspects) is heard from at
 * least once a round, and the next one at least once every two rounds, less than the silence that
 * makes a report. A node within r - 1 positions silent for {@link #SILENT_ROUNDS} rounds since it
 * was last heard from (or since it came within r positions) is reported
 * ({@link org.vigne.overlay.KeyBasedRouting#suspect}), and the overlay probes it. The leaf-set
 * members the overlay suspects (its upcalls) are skipped by the DHT's replica sets, which take the
 * next closest node, until the overlay clears them or declares them dead. A false suspicion costs
 * only a spare copy, which is handed off once the suspicion ends.
 */
final class Liveness {
    /** Rounds of silence before a near neighbour is suspected. */
    static final double SILENT_ROUNDS = 2.5;

    private final DhtContext ctx;
    private final Map<Id, Long> lastHeardMs = new HashMap<>();
    private final Set<Id> suspects = new HashSet<>();
    /** The leaf set sorted by distance on each side, for the epoch {@code sidesEpoch}. */
    private List<NodeHandle> clockwise;
    private List<NodeHandle> counterClockwise;
    private int sidesEpoch;

    Liveness(DhtContext ctx) {
        this.ctx = ctx;
    }

    /** Any DHT message from {@code n} (only nodes within the tracked window are timed). */
    void heardFrom(NodeHandle n) {
        lastHeardMs.replace(n.id(), ctx.nowMs());
    }

    /** The overlay suspects {@code n}: returns true when it is a leaf-set member not suspected before (the view changed). */
    boolean overlaySuspects(NodeHandle n) {
        return DhtContext.contains(ctx.overlay.leafSetMembers(), n.id()) && suspects.add(n.id());
    }

    /** The overlay cleared {@code n}, or declared it gone: returns true when it was a suspect (the view changed). */
    boolean overlayCleared(NodeHandle n) {
        return !suspects.isEmpty() && suspects.remove(n.id());
    }

    /**
     * Reports the near neighbours silent for too long to the overlay, within {@code width}
     * unsuspected nodes on either side. Silence is timed one node further out (where digests also
     * arrive from), so when a suspect makes the next node move into the window its clock is already
     * running; a node entering that wider window starts its clock now, a node leaving it is
     * forgotten. A node reported starts a new silence, so it is reported again only if it stays
     * silent that long once more. Returns true when stale suspects were dropped (the view changed).
     */
    boolean review(int width) {
        long now = ctx.nowMs();
        Set<Id> tracked = new HashSet<>();
        for (NodeHandle n : near(width + 1)) {
            tracked.add(n.id());
            lastHeardMs.putIfAbsent(n.id(), now);
        }
        lastHeardMs.keySet().retainAll(tracked);
        long silentMs = Math.round(SILENT_ROUNDS * ctx.config.antiEntropyMs());
        for (NodeHandle n : near(width)) {
            if (now - lastHeardMs.get(n.id()) > silentMs && !suspects.contains(n.id())) {
                lastHeardMs.put(n.id(), now);
                ctx.overlay.suspect(n);
            }
        }
        return forgetStaleSuspects();
    }

    /**
     * Drops the suspects the overlay no longer suspects or that left the leaf set without an upcall
     * (a suspect displaced from the leaf set is forgotten quietly): a stale suspect would keep this
     * node holding copies for it forever. Returns true when the set changed.
     */
    private boolean forgetStaleSuspects() {
        if (suspects.isEmpty()) {
            return false;
        }
        Set<Id> still = new HashSet<>();
        for (NodeHandle n : ctx.overlay.leafSetMembers()) {
            if (suspects.contains(n.id()) && ctx.overlay.isSuspected(n)) {
                still.add(n.id());
            }
        }
        return suspects.retainAll(still);
    }

    boolean suspected(Id id) {
        return suspects.contains(id);
    }

    int suspectCount() {
        return suspects.size();
    }

    /**
     * The closest leaf-set members on each side, up to and including the {@code width}-th one not
     * suspected on that side (suspects passed on the way are included).
     */
    List<NodeHandle> near(int width) {
        if (sidesEpoch != ctx.epoch || clockwise == null) {
            List<NodeHandle> members = new ArrayList<>(ctx.overlay.leafSetMembers());
            Id self = ctx.selfId();
            members.sort(Comparator.comparing(n -> self.clockwiseTo(n.id())));
            clockwise = List.copyOf(members);
            members.sort(Comparator.comparing(n -> n.id().clockwiseTo(self)));
            counterClockwise = List.copyOf(members);
            sidesEpoch = ctx.epoch;
        }
        List<NodeHandle> out = new ArrayList<>();
        walk(clockwise, width, out);
        walk(counterClockwise, width, out);
        return out;
    }

    private void walk(List<NodeHandle> side, int width, List<NodeHandle> out) {
        int unsuspected = 0;
        for (int i = 0; i < side.size() && unsuspected < width; i++) {
            NodeHandle n = side.get(i);
            if (!suspects.contains(n.id())) {
                unsuspected++;
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
    }
}
