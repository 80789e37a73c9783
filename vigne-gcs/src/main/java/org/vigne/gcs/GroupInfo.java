package org.vigne.gcs;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.Role;

/**
 * What one node's replica of a group looks like, for tools, tests and experiments; {@code member}
 * is this replica's member id in the group.
 */
public record GroupInfo(GroupId id, long generation, Role role, long term, NodeHandle leader, List<NodeHandle> members,
                        long applied, long committed, long lastIndex, boolean quiescent, long member) {
    static GroupInfo of(GroupReplica g) {
        List<NodeHandle> nodes = new ArrayList<>();
        for (Member m : g.config().voters()) {
            nodes.add(m.node());
        }
        Member lead = g.raft.leader();
        return new GroupInfo(g.id, g.generation, g.raft.role(), g.raft.term(), lead == null ? null : lead.node(),
                List.copyOf(nodes), g.raft.applied(), g.raft.committed(), g.raft.lastIndex(), g.raft.isQuiescent(),
                g.self().id());
    }
}
