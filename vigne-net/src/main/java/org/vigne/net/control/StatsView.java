package org.vigne.net.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.net.node.GridNode;
import org.vigne.overlay.Overlay;

/**
 * What {@code GET /stats} answers: the transport's counters, the overlay's table sizes, the
 * DHTs' local key counts, group communication's counters and application management's state
 * (the managers led here: where to look for, or kill, an application's manager). Built on the node's event loop.
 */
record StatsView(String id, long uptimeMs, Map<String, Long> net, Map<String, Object> overlay,
                 long unknownMessages, List<NodeView.DhtView> dhts, Map<String, Object> groups, Map<String, Object> apps) {
    private static final ObjectMapper FIELDS = new ObjectMapper();


    static StatsView of(GridNode node) {
        Overlay o = node.overlay();
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("state", o.state().toString());
        overlay.put("leafSet", o.leafSetMembers().size());
        overlay.put("routingTable", o.routingTableSize());
        overlay.put("neighboursWithRtt", o.neighbourRttsMicros().size());
        return new StatsView(node.self().id().toString(), node.net().uptimeMs(), node.net().stats().asMap(), overlay,
                node.net().services().unknownMessages(), NodeView.dhts(node), groups(node), apps(node));
    }

    /** Application management here: the managers this node leads, its free slots, the instances it hosts. */
    private static Map<String, Object> apps(GridNode node) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (node.apps() == null) {
            return a;
        }
        a.put("managersLed", node.apps().ledApplications());
        a.put("freeSlots", node.apps().freeSlots());
        a.put("hostedInstances", node.apps().hostedInstances().stream().map(Object::toString).toList());
        a.put("viewNoticesSent", node.apps().driverCounters().viewNotices);
        if (node.feed() != null) {
            a.put("feedStatusReads", node.feed().polls());
            a.put("feedNotices", node.feed().notices());
            a.put("feedRestoreFailures", node.feed().restoreFailures());
        }
        return a;
    }

    /** Group communication's figures, copied on the event loop (the counters keep changing there). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> groups(GridNode node) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("hosted", node.gcs().hostedGroups());
        g.put("active", node.gcs().activeGroups());
        g.put("pendingSubmissions", node.gcs().pendingSubmissions());
        g.putAll(FIELDS.convertValue(node.gcs().counters(), Map.class));
        return g;
    }
}
