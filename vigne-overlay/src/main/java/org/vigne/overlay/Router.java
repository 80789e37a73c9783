package org.vigne.overlay;

import java.util.function.Predicate;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Pastry's next-hop choice (Rowstron and Druschel 2001, Fig. 3): the closest leaf when the key is
 * in the leaf-set range; else the routing-table entry sharing one more digit with the key; else
 * (the rare case) any known node that shares as long a prefix and is numerically closer.
 * Returns this node's own handle when it should deliver.
 */
final class Router {
    private final Neighbourhood hood;

    Router(Neighbourhood hood) {
        this.hood = hood;
    }

    NodeHandle nextHop(Id key, Predicate<NodeHandle> skip) {
        NodeHandle self = hood.self;
        LeafSet leaves = hood.leafSet;
        if (leaves.inRange(key)) {
            return leaves.closest(key, skip);
        }
        int row = self.id().prefixLength(key);
        if (row == Id.DIGITS) {
            return self;
        }
        NodeHandle best = null;
        int bestPrefix = -1;
        RoutingTable table = hood.table;
        int col = key.digit(row);
        for (int i = 0; i < table.slotSize(); i++) {
            NodeHandle e = table.get(row, col, i);
            if (e == null) {
                break;
            }
            if (skip.test(e)) {
                continue;
            }
            int p = e.id().prefixLength(key);
            if (best == null || p > bestPrefix || (p == bestPrefix && key.compareCloseness(e.id(), best.id()) < 0)) {
                best = e;
                bestPrefix = p;
            }
        }
        return best != null ? best : rareCase(key, row, skip);
    }

    private NodeHandle rareCase(Id key, int row, Predicate<NodeHandle> skip) {
        NodeHandle best = hood.self;
        int bestPrefix = row;
        for (NodeHandle n : hood.known()) {
            if (skip.test(n)) {
                continue;
            }
            int p = n.id().prefixLength(key);
            if (p < row) {
                continue;
            }
            if (p > bestPrefix || (p == bestPrefix && key.compareCloseness(n.id(), best.id()) < 0)) {
                if (p > row || key.compareCloseness(n.id(), hood.self.id()) < 0) {
                    best = n;
                    bestPrefix = p;
                }
            }
        }
        return best;
    }
}
