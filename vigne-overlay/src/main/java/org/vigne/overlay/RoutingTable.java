package org.vigne.overlay;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Pastry's routing table: row {@code i} holds nodes that share exactly {@code i} leading digits
 * with this node, in the column of their digit {@code i}. One node per slot; which one is chosen
 * by the overlay (proximity neighbour selection). Rows are allocated on first use, since only the
 * first log16(N) rows are ever filled.
 */
final class RoutingTable {
    private final Id self;
    private final NodeHandle[][] rows = new NodeHandle[Id.DIGITS][];
    private int size;

    RoutingTable(Id self) {
        this.self = self;
    }

    /** Row of the slot a node with this id would occupy, or -1 for this node's own id. */
    int rowOf(Id id) {
        int p = self.prefixLength(id);
        return p == Id.DIGITS ? -1 : p;
    }

    NodeHandle get(int row, int col) {
        NodeHandle[] r = rows[row];
        return r == null ? null : r[col];
    }

    /** The current occupant of the slot {@code id} belongs to, or null. */
    NodeHandle occupant(Id id) {
        int row = rowOf(id);
        return row < 0 ? null : get(row, id.digit(row));
    }

    /** Puts {@code n} in its slot, replacing any occupant; returns the replaced node or null. */
    NodeHandle put(NodeHandle n) {
        int row = rowOf(n.id());
        if (row < 0) {
            return null;
        }
        NodeHandle[] r = rows[row];
        if (r == null) {
            r = new NodeHandle[Id.RADIX];
            rows[row] = r;
        }
        int col = n.id().digit(row);
        NodeHandle old = r[col];
        r[col] = n;
        if (old == null) {
            size++;
        }
        return old;
    }

    /** Removes the node with this id if it occupies its slot; returns true when it did. */
    boolean remove(Id id) {
        int row = rowOf(id);
        if (row < 0 || rows[row] == null) {
            return false;
        }
        int col = id.digit(row);
        NodeHandle n = rows[row][col];
        if (n != null && n.id().equals(id)) {
            rows[row][col] = null;
            size--;
            return true;
        }
        return false;
    }

    boolean contains(Id id) {
        NodeHandle n = occupant(id);
        return n != null && n.id().equals(id);
    }

    /** Number of filled slots. */
    int size() {
        return size;
    }

    /** Index of the last row holding at least one node, or -1. */
    int lastFilledRow() {
        for (int i = Id.DIGITS - 1; i >= 0; i--) {
            if (rows[i] != null) {
                for (NodeHandle n : rows[i]) {
                    if (n != null) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** The filled slots of one row. */
    List<NodeHandle> row(int i) {
        List<NodeHandle> out = new ArrayList<>();
        if (rows[i] != null) {
            for (NodeHandle n : rows[i]) {
                if (n != null) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** Every filled slot, row by row. */
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
