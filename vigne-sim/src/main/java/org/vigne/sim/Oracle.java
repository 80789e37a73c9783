package org.vigne.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigne.core.Id;

/**
 * The true ring: every live node that has joined, at every instant. Used only to measure
 * (consistency of lookups, convergence of leaf sets, replica counts); protocols never see it.
 */
public final class Oracle {
    private final TreeMap<Id, SimNode> ring = new TreeMap<>();
    private long version;

    public void add(SimNode n) {
        ring.put(n.self().id(), n);
        version++;
    }

    public void remove(SimNode n) {
        if (ring.remove(n.self().id(), n)) {
            version++;
        }
    }

    /** Counts changes: two equal versions mean the same ring, so checks against it may be reused. */
    public long version() {
        return version;
    }

    public boolean contains(SimNode n) {
        return ring.get(n.self().id()) == n;
    }

    public int size() {
        return ring.size();
    }

    /** The live node numerically closest to {@code key}, or null for an empty ring. */
    public SimNode root(Id key) {
        if (ring.isEmpty()) {
            return null;
        }
        Map.Entry<Id, SimNode> up = ring.ceilingEntry(key);
        if (up == null) {
            up = ring.firstEntry();
        }
        Map.Entry<Id, SimNode> down = ring.floorEntry(key);
        if (down == null) {
            down = ring.lastEntry();
        }
        return key.compareCloseness(up.getKey(), down.getKey()) <= 0 ? up.getValue() : down.getValue();
    }

    /** The {@code r} live nodes closest to {@code key}, closest first. */
    public List<SimNode> closest(Id key, int r) {
        List<SimNode> out = new ArrayList<>();
        if (ring.isEmpty()) {
            return out;
        }
        Id up = ring.ceilingKey(key);
        Id down = ring.lowerKey(key);
        int want = Math.min(r, ring.size());
        while (out.size() < want) {
            if (up == null) {
                up = ring.firstKey();
            }
            if (down == null) {
                down = ring.lastKey();
            }
            if (key.compareCloseness(up, down) <= 0) {
                out.add(ring.get(up));
                up = ring.higherKey(up);
            } else {
                out.add(ring.get(down));
                down = ring.lowerKey(down);
            }
        }
        return out;
    }

    /** A snapshot of the ring, sorted by id, for bulk checks. */
    public Snapshot snapshot() {
        return new Snapshot(ring.keySet().toArray(new Id[0]));
    }

    public Iterable<SimNode> members() {
        return ring.values();
    }

    /** The ring at one instant, with the leaf set each member should have. */
    public static final class Snapshot {
        private final Id[] ids;

        Snapshot(Id[] ids) {
            this.ids = ids;
        }

        public int size() {
            return ids.length;
        }

        /** Sorted ids of the L/2 successors and L/2 predecessors of {@code id}, without repeats. */
        public Id[] expectedLeafSet(Id id, int leafSetSize) {
            int n = ids.length;
            int pos = Arrays.binarySearch(ids, id);
            if (pos < 0) {
                throw new IllegalArgumentException(id + " is not on the ring");
            }
            int half = leafSetSize / 2;
            List<Id> out = new ArrayList<>(leafSetSize);
            for (int i = 1; i <= Math.min(half, n - 1); i++) {
                Id cw = ids[(pos + i) % n];
                if (!out.contains(cw)) {
                    out.add(cw);
                }
                Id ccw = ids[((pos - i) % n + n) % n];
                if (!out.contains(ccw)) {
                    out.add(ccw);
                }
            }
            Id[] r = out.toArray(new Id[0]);
            Arrays.sort(r);
            return r;
        }
    }
}
