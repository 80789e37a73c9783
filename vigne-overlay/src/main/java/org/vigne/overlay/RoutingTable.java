package org.vigne.overlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Pastry's routing table: row {@code i} holds nodes that share exactly {@code i} leading digits
 * with this node, in the column of their digit {@code i}. Each slot keeps up to {@code slotSize}
 * nodes ordered by measured RTT (proximity neighbour selection): the first is the slot's primary,
 * the others are alternates the router may prefer when they share a longer prefix with the key or
 * are numerically closer to it, which saves hops. Rows are allocated on first use, since only the
 * first log16(N) rows are ever filled.
 */
final class RoutingTable {
    private final Id self;
    private final int slotSize;
    /** Rows up to the last one used so far (a ring of a million nodes fills five of the forty). */
    private NodeHandle[][] rows = new NodeHandle[4][];
    private int size;
    private Membership membership = Membership.NONE;

    RoutingTable(Id self, int slotSize) {
        if (slotSize < 1) {
            throw new IllegalArgumentException("a routing-table slot holds at least one node");
        }
        this.self = self;
        this.slotSize = slotSize;
    }

    void setMembership(Membership m) {
        this.membership = m;
    }

    /** Row of the slot a node with this id would occupy, or -1 for this node's own id. */
    int rowOf(Id id) {
        int p = self.prefixLength(id);
        return p == Id.DIGITS ? -1 : p;
    }

    /** Row {@code row}'s slots, or null when it holds no node yet. */
    private NodeHandle[] rowAt(int row) {
        return row < rows.length ? rows[row] : null;
    }

    /** The primary of slot (row, col), or null. */
    NodeHandle get(int row, int col) {
        NodeHandle[] r = rowAt(row);
        return r == null ? null : r[col * slotSize];
    }

    /** Entry {@code i} of slot (row, col), or null. */
    NodeHandle get(int row, int col, int i) {
        NodeHandle[] r = rowAt(row);
        return r == null ? null : r[col * slotSize + i];
    }

    int slotSize() {
        return slotSize;
    }

    /** The primary of the slot {@code id} belongs to, or null. */
    NodeHandle occupant(Id id) {
        int row = rowOf(id);
        return row < 0 ? null : get(row, id.digit(row));
    }

    /**
     * Offers {@code n} for its slot: it enters when the slot has room, or when its RTT (from
     * {@code rttMs}, negative when unknown) beats the slot's worst. Returns the node pushed out,
     * {@code n} itself when it was not taken, or null when it entered without pushing anyone out.
     */
    NodeHandle offer(NodeHandle n, ToLongFunction<Id> rttMs) {
        if (!wouldTake(n, rttMs)) {
            return n;
        }
        int row = rowOf(n.id());
        NodeHandle[] r = rowAt(row);
        if (r == null) {
            if (row >= rows.length) {
                rows = Arrays.copyOf(rows, Math.min(Id.DIGITS, Math.max(row + 1, rows.length * 2)));
            }
            r = new NodeHandle[Id.RADIX * slotSize];
            rows[row] = r;
        }
        int base = n.id().digit(row) * slotSize;
        int free = -1;
        for (int i = 0; i < slotSize; i++) {
            if (r[base + i] == null) {
                free = i;
                break;
            }
        }
        NodeHandle out = null;
        if (free < 0) {
            out = r[base + slotSize - 1];
            free = slotSize - 1;
            membership.changed(out, false, false);
        } else {
            size++;
        }
        r[base + free] = n;
        membership.changed(n, false, true);
        sortSlot(r, base, rttMs);
        return out;
    }

    /**
     * Whether {@link #offer} would take {@code n}, without changing the table: it is not in the
     * table, and its slot has room or its RTT beats the slot's worst. A full slot refuses a node of
     * unknown RTT before {@link #contains} compares the id with the slot's entries: the test
     * answers the same, and most nodes a large ring's member hears from are refused so, without
     * reading the entries' handles and ids (a cache miss each; a third of a large run's time).
     */
    boolean wouldTake(NodeHandle n, ToLongFunction<Id> rttMs) {
        int row = rowOf(n.id());
        if (row < 0) {
            return false;
        }
        NodeHandle[] r = rowAt(row);
        if (r == null) {
            return true;
        }
        NodeHandle worst = r[n.id().digit(row) * slotSize + slotSize - 1];
        if (worst != null) {
            long mine = rttMs.applyAsLong(n.id());
            if (mine < 0) {
                return false;
            }
            long theirs = rttMs.applyAsLong(worst.id());
            if (theirs >= 0 && mine >= theirs) {
                return false;
            }
        }
        return !contains(n.id());
    }

    /** True when {@code n} is the primary of its slot. */
    boolean isPrimary(NodeHandle n) {
        int row = rowOf(n.id());
        return row >= 0 && rowAt(row) != null && rowAt(row)[n.id().digit(row) * slotSize] == n;
    }

    /** True when the slot of {@code id} has room for one more node. */
    boolean hasRoom(Id id) {
        int row = rowOf(id);
        if (row < 0) {
            return false;
        }
        NodeHandle[] r = rowAt(row);
        return r == null || r[id.digit(row) * slotSize + slotSize - 1] == null;
    }

    /** Re-sorts the slot of {@code id} after its RTT changed. */
    void resort(Id id, ToLongFunction<Id> rttMs) {
        int row = rowOf(id);
        if (row >= 0 && rowAt(row) != null) {
            sortSlot(rowAt(row), id.digit(row) * slotSize, rttMs);
        }
    }

    private void sortSlot(NodeHandle[] r, int base, ToLongFunction<Id> rttMs) {
        for (int i = base + 1; i < base + slotSize && r[i] != null; i++) {
            NodeHandle x = r[i];
            long kx = key(x, rttMs);
            int j = i - 1;
            while (j >= base && key(r[j], rttMs) > kx) {
                r[j + 1] = r[j];
                j--;
            }
            r[j + 1] = x;
        }
    }

    private static long key(NodeHandle n, ToLongFunction<Id> rttMs) {
        long v = rttMs.applyAsLong(n.id());
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** Removes the node with this id from its slot; returns true when it was there. */
    boolean remove(Id id) {
        int row = rowOf(id);
        if (row < 0 || rowAt(row) == null) {
            return false;
        }
        NodeHandle[] r = rowAt(row);
        int base = id.digit(row) * slotSize;
        for (int i = 0; i < slotSize; i++) {
            NodeHandle n = r[base + i];
            if (n != null && n.id().equals(id)) {
                System.arraycopy(r, base + i + 1, r, base + i, slotSize - i - 1);
                r[base + slotSize - 1] = null;
                size--;
                membership.changed(n, false, false);
                return true;
            }
        }
        return false;
    }

    boolean contains(Id id) {
        int row = rowOf(id);
        if (row < 0 || rowAt(row) == null) {
            return false;
        }
        int base = id.digit(row) * slotSize;
        for (int i = 0; i < slotSize; i++) {
            NodeHandle n = rowAt(row)[base + i];
            if (n != null && n.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Number of entries, primaries and alternates. */
    int size() {
        return size;
    }

    /** Index of the last row holding at least one node, or -1. */
    int lastFilledRow() {
        for (int i = rows.length - 1; i >= 0; i--) {
            if (rowAt(i) != null) {
                for (NodeHandle n : rowAt(i)) {
                    if (n != null) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** The entries of one row, primaries and alternates. */
    List<NodeHandle> row(int i) {
        List<NodeHandle> out = new ArrayList<>();
        if (rowAt(i) != null) {
            for (NodeHandle n : rowAt(i)) {
                if (n != null) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The primaries of one row. */
    List<NodeHandle> primaries(int i) {
        List<NodeHandle> out = new ArrayList<>();
        if (rowAt(i) != null) {
            for (int c = 0; c < Id.RADIX; c++) {
                NodeHandle n = rowAt(i)[c * slotSize];
                if (n != null) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** Every entry, row by row. */
    List<NodeHandle> all() {
        List<NodeHandle> out = new ArrayList<>(size);
        for (NodeHandle[] r : rows) {
            if (r != null) {
                for (NodeHandle n : r) {
                    if (n != null) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }
}
