package org.vigne.overlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Pastry's leaf set: the L/2 numerically closest known live nodes on each side of this node.
 *
 * <p>It decides delivery: a key inside its range belongs to the closest of its members (or to
 * this node). When a side holds fewer than L/2 nodes, this node knows the whole ring and every key
 * is in range. A node may sit on both sides when the ring has at most L nodes. Additions and
 * removals are recorded so the overlay can make its {@code update} upcalls.
 */
final class LeafSet {
    private final NodeHandle self;
    private final int half;
    private final NodeHandle[] cw;
    private final NodeHandle[] ccw;
    private int cwSize;
    private int ccwSize;
    /**
     * Changes since the last drain, null while there are none: the overlay asks after every
     * message whether there are any, and this answers from this object alone, where two empty
     * lists cost two more cache misses per simulated event (and 48 bytes per node).
     */
    private List<NodeHandle> added;
    private List<NodeHandle> removed;
    private Membership membership = Membership.NONE;
    private int digest;
    private boolean digestValid;
    /**
     * Distances from this node to the farthest member of each side (clockwise: far - self;
     * counter-clockwise: self - far), as numbers, valid while {@code reachValid}: every message
     * from a node not yet known asks {@link #wouldAccept}, and reading the far members' handles
     * and ids there cost a fifth of a large simulation's time in cache misses.
     */
    private long cwReachHi;
    private long cwReachMid;
    private int cwReachLo;
    private long ccwReachHi;
    private long ccwReachMid;
    private int ccwReachLo;
    private boolean reachValid;

    LeafSet(NodeHandle self, int size) {
        if (size < 2 || size % 2 != 0) {
            throw new IllegalArgumentException("leaf set size must be even and at least 2, got " + size);
        }
        this.self = self;
        this.half = size / 2;
        this.cw = new NodeHandle[half];
        this.ccw = new NodeHandle[half];
    }

    void setMembership(Membership m) {
        this.membership = m;
    }

    /**
     * Adds {@code n} to each side where it ranks among the closest (a node may sit on both sides in
     * a small ring); returns true when it became a member.
     */
    boolean add(NodeHandle n) {
        if (n.id().equals(self.id())) {
            return false;
        }
        boolean wasMember = contains(n.id());
        NodeHandle outCw = null;
        NodeHandle outCcw = null;
        boolean inCw = false;
        boolean inCcw = false;
        if (!sideContains(cw, cwSize, n.id())) {
            outCw = insert(cw, cwSize, n, true);
            inCw = outCw != n;
            if (inCw && cwSize < half) {
                cwSize++;
            }
        }
        if (!sideContains(ccw, ccwSize, n.id())) {
            outCcw = insert(ccw, ccwSize, n, false);
            inCcw = outCcw != n;
            if (inCcw && ccwSize < half) {
                ccwSize++;
            }
        }
        if (!inCw && !inCcw) {
            return false;
        }
        digestValid = false;
        reachValid = false;
        if (!wasMember) {
            noteAdded(n);
            membership.changed(n, true, true);
        }
        if (inCw) {
            noteEvicted(outCw);
        }
        if (inCcw && outCcw != outCw) {
            noteEvicted(outCcw);
        }
        return !wasMember;
    }

    private static boolean sideContains(NodeHandle[] side, int size, Id id) {
        for (int i = 0; i < size; i++) {
            if (side[i].id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private void noteEvicted(NodeHandle out) {
        if (out != null && !contains(out.id())) {
            noteRemoved(out);
            membership.changed(out, true, false);
        }
    }

    /**
     * Inserts into a side sorted by distance (clockwise from this node, or counter-clockwise).
     * Returns the handle pushed out of a full side, {@code n} itself when it does not rank, or
     * null when nothing was pushed out.
     */
    private NodeHandle insert(NodeHandle[] side, int size, NodeHandle n, boolean clockwise) {
        int pos = size;
        while (pos > 0 && farther(side[pos - 1].id(), n.id(), clockwise)) {
            pos--;
        }
        if (pos >= half) {
            return n;
        }
        NodeHandle out = size == half ? side[half - 1] : null;
        int last = Math.min(size, half - 1);
        System.arraycopy(side, pos, side, pos + 1, last - pos);
        side[pos] = n;
        return out;
    }

    /** Whether {@code a} is strictly farther from this node than {@code b}, going the given way. */
    private boolean farther(Id a, Id b, boolean clockwise) {
        Id s = self.id();
        return (clockwise ? Id.compareDifferences(a, s, b, s) : Id.compareDifferences(s, a, s, b)) > 0;
    }

    /** Removes the node with this id; returns true when it was a member. */
    boolean remove(Id id) {
        NodeHandle a = removeFrom(cw, cwSize, id);
        if (a != null) {
            cwSize--;
        }
        NodeHandle b = removeFrom(ccw, ccwSize, id);
        if (b != null) {
            ccwSize--;
        }
        NodeHandle gone = a != null ? a : b;
        if (gone == null) {
            return false;
        }
        noteRemoved(gone);
        digestValid = false;
        reachValid = false;
        membership.changed(gone, true, false);
        if (cwSize < half && ccwSize < half) {
            refill();
        }
        return true;
    }

    /**
     * In a small ring (both sides short: this node knows every node) a removal can free room on a
     * side for a member of the other side. With one side still full the ring is larger than the
     * leaf set: the short side waits for nodes from beyond it (the overlay repairs it), instead of
     * taking the far end of the other side, which would make the leaf set look complete while its
     * range covers most of the ring.
     */
    private void refill() {
        for (NodeHandle m : members()) {
            add(m);
        }
    }

    private static NodeHandle removeFrom(NodeHandle[] side, int size, Id id) {
        for (int i = 0; i < size; i++) {
            if (side[i].id().equals(id)) {
                NodeHandle out = side[i];
                System.arraycopy(side, i + 1, side, i, size - i - 1);
                side[size - 1] = null;
                return out;
            }
        }
        return null;
    }

    boolean contains(Id id) {
        for (int i = 0; i < cwSize; i++) {
            if (cw[i].id().equals(id)) {
                return true;
            }
        }
        for (int i = 0; i < ccwSize; i++) {
            if (ccw[i].id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** True when both sides hold L/2 nodes. */
    boolean isComplete() {
        return cwSize == half && ccwSize == half;
    }

    /** Whether {@code n}, not a member, would enter the leaf set if added. */
    boolean wouldAccept(Id n) {
        if (n.equals(self.id())) {
            return false;
        }
        if (cwSize < half || ccwSize < half) {
            return true;
        }
        if (!reachValid) {
            Id cwReach = cw[half - 1].id().minus(self.id());
            Id ccwReach = self.id().minus(ccw[half - 1].id());
            cwReachHi = cwReach.hi();
            cwReachMid = cwReach.mid();
            cwReachLo = cwReach.lo();
            ccwReachHi = ccwReach.hi();
            ccwReachMid = ccwReach.mid();
            ccwReachLo = ccwReach.lo();
            reachValid = true;
        }
        // The far member is farther than n, going either way.
        Id s = self.id();
        return Id.compareDifference(cwReachHi, cwReachMid, cwReachLo, n, s) > 0
                || Id.compareDifference(ccwReachHi, ccwReachMid, ccwReachLo, s, n) > 0;
    }

    /** True when {@code key} lies between the farthest members of the two sides (through self). */
    boolean inRange(Id key) {
        if (!isComplete()) {
            return true;
        }
        return Id.inArc(key, ccw[half - 1].id(), self.id()) || Id.inArc(key, self.id(), cw[half - 1].id());
    }

    /** The member or self numerically closest to {@code key}, skipping members {@code skip} rejects. */
    NodeHandle closest(Id key, Predicate<NodeHandle> skip) {
        NodeHandle best = self;
        for (int i = 0; i < cwSize; i++) {
            best = closer(key, best, cw[i], skip);
        }
        for (int i = 0; i < ccwSize; i++) {
            best = closer(key, best, ccw[i], skip);
        }
        return best;
    }

    private static NodeHandle closer(Id key, NodeHandle best, NodeHandle candidate, Predicate<NodeHandle> skip) {
        if (skip.test(candidate)) {
            return best;
        }
        return key.compareCloseness(candidate.id(), best.id()) < 0 ? candidate : best;
    }

    /** Up to {@code r} of self and the members, closest to {@code key} first. */
    List<NodeHandle> replicaSet(Id key, int r) {
        // Sized for self too: every DHT operation asks a few times, so no copy and no regrowth.
        List<NodeHandle> all = addMembers(new ArrayList<>(cwSize + ccwSize + 1));
        all.add(self);
        all.sort((a, b) -> key.compareCloseness(a.id(), b.id()));
        return all.subList(0, Math.min(r, all.size()));
    }

    /** Members, counter-clockwise side from closest, then clockwise side from closest, without repeats. */
    List<NodeHandle> members() {
        return addMembers(new ArrayList<>(cwSize + ccwSize));
    }

    private List<NodeHandle> addMembers(List<NodeHandle> out) {
        for (int i = 0; i < ccwSize; i++) {
            out.add(ccw[i]);
        }
        boolean disjoint = sidesDisjoint();
        for (int i = 0; i < cwSize; i++) {
            if (disjoint || !onCounterClockwiseSide(cw[i])) {
                out.add(cw[i]);
            }
        }
        return out;
    }

    /**
     * True when no node can sit on both sides: the farthest clockwise member is nearer, going
     * clockwise, than the farthest counter-clockwise one, so the two arcs do not meet (any ring
     * larger than the leaf set). Then listing the members needs no comparison of each clockwise
     * member with the other side, which read every member's id.
     */
    private boolean sidesDisjoint() {
        if (cwSize == 0 || ccwSize == 0) {
            return true;
        }
        Id s = self.id();
        return Id.compareDifferences(cw[cwSize - 1].id(), s, ccw[ccwSize - 1].id(), s) < 0;
    }

    /** Whether the counter-clockwise side holds a handle equal to {@code n} (the clockwise side holds no two equal). */
    private boolean onCounterClockwiseSide(NodeHandle n) {
        for (int i = 0; i < ccwSize; i++) {
            if (ccw[i].equals(n)) {
                return true;
            }
        }
        return false;
    }

    /** Digest of {@link #members()}, as {@link #digestOf} computes it, cached until the leaf set changes. */
    int digest() {
        if (!digestValid) {
            boolean disjoint = sidesDisjoint();
            int count = disjoint ? ccwSize + cwSize : size();
            long d = count;
            for (int i = 0; i < ccwSize; i++) {
                d = step(d, ccw[i]);
            }
            for (int i = 0; i < cwSize; i++) {
                if (disjoint || !onCounterClockwiseSide(cw[i])) {
                    d = step(d, cw[i]);
                }
            }
            digest = finish(d);
            digestValid = true;
        }
        return digest;
    }

    /** A 32-bit digest of a list of handles (their ids, in order), to tell a leaf set already heard from a new one. */
    static int digestOf(List<NodeHandle> nodes) {
        long d = nodes.size();
        for (NodeHandle n : nodes) {
            d = step(d, n);
        }
        return finish(d);
    }

    private static long step(long d, NodeHandle n) {
        Id id = n.id();
        return d * 0x9E3779B97F4A7C15L + (id.hi() ^ id.mid() ^ id.lo());
    }

    private static int finish(long d) {
        return (int) (d ^ (d >>> 32));
    }

    /** Number of distinct members. */
    int size() {
        if (sidesDisjoint()) {
            return ccwSize + cwSize;
        }
        int n = ccwSize;
        for (int i = 0; i < cwSize; i++) {
            if (!onCounterClockwiseSide(cw[i])) {
                n++;
            }
        }
        return n;
    }

    /** The {@code i}-th closest member clockwise (0 = successor), or null. */
    NodeHandle clockwise(int i) {
        return i < cwSize ? cw[i] : null;
    }

    /** The {@code i}-th closest member counter-clockwise (0 = predecessor), or null. */
    NodeHandle counterClockwise(int i) {
        return i < ccwSize ? ccw[i] : null;
    }

    int clockwiseSize() {
        return cwSize;
    }

    int counterClockwiseSize() {
        return ccwSize;
    }

    /** Ids of the members, sorted, for comparison with the oracle. */
    Id[] sortedIds() {
        List<NodeHandle> m = members();
        Id[] ids = new Id[m.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = m.get(i).id();
        }
        Arrays.sort(ids);
        return ids;
    }

    private void noteAdded(NodeHandle n) {
        if (added == null) {
            added = new ArrayList<>();
        }
        added.add(n);
    }

    private void noteRemoved(NodeHandle n) {
        if (removed == null) {
            removed = new ArrayList<>();
        }
        removed.add(n);
    }

    /** Hands over and clears the additions recorded since the last call. */
    List<NodeHandle> drainAdded() {
        List<NodeHandle> out = added == null ? List.of() : added;
        added = null;
        return out;
    }

    /** Hands over and clears the removals recorded since the last call. */
    List<NodeHandle> drainRemoved() {
        List<NodeHandle> out = removed == null ? List.of() : removed;
        removed = null;
        return out;
    }

    boolean hasChanges() {
        return added != null || removed != null;
    }
}
