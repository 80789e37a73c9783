package org.vigne.gcs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.NotMember;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/**
 * The leader's side of a group's membership: which nodes should hold it (the DHT's replica set of
 * the key, without the nodes the overlay declared dead), the learners being caught up, the members
 * that lost their replica, and one {@link MembershipPlanner} step per tick. When a configuration
 * change is applied it tells removed members to drop their replica, and writes the key again into
 * the DHT so that the new members hold it too (the DHT then tells them about its replica set).
 */
final class GroupMembers {
    /** A leadership hand-over to the key's root is tried at most this often. */
    private static final long TRANSFER_COOLDOWN_MS = 30_000;

    private final GroupReplica g;
    private final Map<Id, Member> learners = new LinkedHashMap<>();
    private final Set<Long> lost = new HashSet<>();
    private List<NodeHandle> dhtView;
    private Configuration lastApplied;
    private long lastTransferMs = Long.MIN_VALUE / 2;
    private boolean settled;
    private int seenEpoch = -1;
    private int quietTicks;
    /** The node tick of the last plan. */
    private long plannedTick;
    /**
     * A settled group re-plans this often anyway, in its own ticks and in heartbeat periods (its
     * leaf set may have moved without news): an idle leader is ticked only once a refresh period.
     */
    private static final int REPLAN_TICKS = 8;
    private static final int REPLAN_PERIODS = 64;

    GroupMembers(GroupReplica g) {
        this.g = g;
    }

    /** The DHT's replica set for the key, as this node sees it (empty: it dropped the key). */
    void viewChanged(List<NodeHandle> view) {
        dhtView = view.isEmpty() ? null : view;
        settled = false;
    }

    /** The overlay's leaf set changed; without a DHT view the target is the overlay's. */
    void leafSetChanged() {
        if (dhtView == null) {
            settled = false;
        }
    }

    /** Where the group should live: the DHT's view (or the overlay's), without departed nodes. */
    List<NodeHandle> target() {
        List<NodeHandle> view = dhtView != null ? dhtView : g.ctx.overlay.replicaSet(g.id.key(), g.kind.replicas());
        List<NodeHandle> out = new ArrayList<>(view.size());
        for (NodeHandle n : view) {
            if (!g.ctx.departed(n.id())) {
                out.add(n);
            }
        }
        return out;
    }

    /** True when the last plan found nothing to do (the leader may let the group go quiet). */
    boolean settled() {
        return settled && learners.isEmpty();
    }

    boolean involves(Id node) {
        return learners.containsKey(node) || g.config().memberOn(node) != null;
    }

    void tookOver() {
        learners.clear();
        lost.clear();
        settled = false;
        if (dhtView == null) {
            rewriteKey();
        }
    }

    void lostLeadership() {
        learners.clear();
        lost.clear();
    }

    /** Member {@code id} answered that it holds no replica: replace it (unless it is still receiving its snapshot). */
    void noReplica(long id) {
        Member m = g.config().byId(id);
        if (m == null) {
            for (Member l : learners.values()) {
                if (l.id() == id) {
                    m = l;
                }
            }
        }
        if (m != null && g.isLeader() && !g.raft.isCatchingUp(m)) {
            lost.add(id);
            settled = false;
            g.wake();
        }
    }

    private boolean gone(Member m) {
        return lost.contains(m.id()) || g.ctx.departed(m.node().id());
    }

    void tick() {
        if (settled && learners.isEmpty() && seenEpoch == g.ctx.departedEpoch && ++quietTicks % REPLAN_TICKS != 0
                && g.ctx.tick - plannedTick < (long) REPLAN_PERIODS * g.ctx.config.raft().heartbeatTicks()) {
            return;
        }
        seenEpoch = g.ctx.departedEpoch;
        plannedTick = g.ctx.tick;
        MembershipPlanner.Step step = MembershipPlanner.next(new MembershipPlanner.View(g.self(), g.config(),
                List.copyOf(learners.values()), target(), this::gone, g.raft::matchOf, g.raft.committed(),
                g.raft.canChangeConfig(),
                g.raft.transferee() == null && g.ctx.nowMs() - lastTransferMs > TRANSFER_COOLDOWN_MS));
        settled = step instanceof MembershipPlanner.None;
        if (step instanceof MembershipPlanner.AddLearner a) {
            Member m = new Member(a.node(), g.ctx.newMemberId());
            learners.put(a.node().id(), m);
            g.raft.addLearner(m);
        } else if (step instanceof MembershipPlanner.DropLearner d) {
            learners.remove(d.member().node().id());
            g.raft.removeLearner(d.member());
        } else if (step instanceof MembershipPlanner.Promote p) {
            if (change(g.config().with(p.member()))) {
                learners.remove(p.member().node().id());
            }
        } else if (step instanceof MembershipPlanner.Remove r) {
            change(g.config().without(r.member()));
        } else if (step instanceof MembershipPlanner.Transfer t) {
            lastTransferMs = g.ctx.nowMs();
            g.raft.transferLeadership(t.to());
        }
    }

    private boolean change(Configuration next) {
        if (g.proposeInternal(Entry.config(0, 0, next)) > 0) {
            g.ctx.counters.configChanges++;
            return true;
        }
        return false;
    }

    /** A configuration entry was applied: the leader tells removed members and moves the DHT key. */
    void configApplied(Configuration c) {
        settled = false;
        Configuration before = lastApplied;
        lastApplied = c;
        if (before == null || !g.isLeader()) {
            return;
        }
        for (Member m : before.voters()) {
            if (!c.contains(m) && !m.equals(g.self())) {
                g.ctx.send(m.node(), new NotMember(g.id.kind(), g.id.key(), g.generation, m.id()));
            }
        }
        lost.retainAll(ids(c));
        rewriteKey();
    }

    private static Set<Long> ids(Configuration c) {
        Set<Long> out = new HashSet<>();
        for (Member m : c.voters()) {
            out.add(m.id());
        }
        return out;
    }

    /** Writes the group's key into its DHT again, so the DHT's current replicas (the members) hold it. */
    private void rewriteKey() {
        g.kind.dht().put(g.id.key(), new GroupDescriptor(0, 0, g.generation).encode(), r -> { });
    }
}
