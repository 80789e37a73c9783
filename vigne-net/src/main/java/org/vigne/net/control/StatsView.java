package org.vigne.net.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.net.node.GridNode;
import org.vigne.overlay.Overlay;

/**
 * What {@code GET /stats} answers: the transport's counters, the overlay's table sizes and the
 * DHTs' local key counts. Built on the node's event loop.
 */
record StatsView(String id, long uptimeMs, Map<String, Long> net, Map<String, Object> overlay,
                 long unknownMessages, List<NodeView.DhtView> dhts) {

    static StatsView of(GridNode node) {
        Overlay o = node.overlay();
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("state", o.state().toString());
        overlay.put("leafSet", o.leafSetMembers().size());
        overlay.put("routingTable", o.routingTableSize());
        overlay.put("neighboursWithRtt", o.neighbourRtts().size());
        return new StatsView(node.self().id().toString(), node.net().nowMs(), node.net().stats().asMap(), overlay,
                node.net().services().unknownMessages(), NodeView.dhts(node));
    }
}
