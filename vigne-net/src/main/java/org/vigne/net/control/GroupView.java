package org.vigne.net.control;

import java.util.List;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.net.groups.CounterState;
import org.vigne.net.node.GridNode;

/**
 * What {@code GET /groups/KIND/NAME} answers: this node's replica of the group (its role, the
 * term, the leader it knows, the members, its log indexes) and, for a counter, the state its
 * state machine has applied. Built on the node's event loop.
 */
record GroupView(String kind, String key, long generation, String role, long term, String leader, List<String> members,
                 long applied, long committed, long lastIndex, boolean quiescent, CounterState counter) {

    /** The view of this node's replica of {@code group}, or null when it hosts none. */
    static GroupView of(GridNode node, GroupId group) {
        GroupInfo i = node.gcs().info(group);
        if (i == null) {
            return null;
        }
        return new GroupView(group.kind(), group.key().toString(), i.generation(), i.role().toString(), i.term(),
                i.leader() == null ? null : i.leader().address(), i.members().stream().map(NodeHandle::address).toList(),
                i.applied(), i.committed(), i.lastIndex(), i.quiescent(), node.counters().state(group));
    }
}
