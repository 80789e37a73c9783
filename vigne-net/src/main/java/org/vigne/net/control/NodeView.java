package org.vigne.net.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.vigne.core.NodeHandle;
import org.vigne.dht.Dht;
import org.vigne.net.node.DhtSpec;
import org.vigne.net.node.GridNode;
import org.vigne.overlay.Overlay;

/**
 * What {@code GET /nodes} answers: this node's id, address, state, leaf set, routing-table fill,
 * neighbours with their RTT, and its DHTs. Built on the node's event loop.
 */
record NodeView(String id, String address, String state, long uptimeMs, List<Member> leafSet,
                RoutingTableView routingTable, List<Neighbour> neighbours, List<DhtView> dhts) {

    /** A leaf-set member. */
    record Member(String id, String address) {
        static Member of(NodeHandle n) {
            return new Member(n.id().toString(), n.address());
        }
    }

    /** Filled slots in all, and nodes per row. */
    record RoutingTableView(int filledSlots, List<Integer> rowSizes) {
    }

    /** A neighbour with a measured round trip: its smoothed RTT in milliseconds, to the microsecond. */
    record Neighbour(String id, String address, double rttMs) {
    }

    /** A DHT of this node and the keys it holds a copy of. */
    record DhtView(String name, int replicas, int localKeys) {
    }

    /** The view of {@code node}; on its event loop only. */
    static NodeView of(GridNode node) {
        Overlay o = node.overlay();
        List<Member> leaves = o.leafSetMembers().stream().map(Member::of).toList();
        List<Integer> rows = o.routingTableRows().stream().map(List::size).toList();
        List<Neighbour> neighbours = new ArrayList<>();
        for (Map.Entry<NodeHandle, Long> e : o.neighbourRttsMicros().entrySet()) {
            neighbours.add(new Neighbour(e.getKey().id().toString(), e.getKey().address(), e.getValue() / 1000.0));
        }
        neighbours.sort(Comparator.comparingDouble(Neighbour::rttMs).thenComparing(Neighbour::id));
        return new NodeView(node.self().id().toString(), node.self().address(), o.state().toString(),
                node.net().uptimeMs(), leaves, new RoutingTableView(o.routingTableSize(), rows), neighbours, dhts(node));
    }

    static List<DhtView> dhts(GridNode node) {
        List<DhtView> out = new ArrayList<>();
        for (DhtSpec spec : node.settings().dhts()) {
            Dht d = node.dht().dht(spec.name()).orElse(null);
            if (d != null) {
                out.add(new DhtView(d.name(), d.replicas(), d.localKeyCount()));
            }
        }
        return out;
    }
}
