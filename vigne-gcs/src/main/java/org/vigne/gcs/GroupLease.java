package org.vigne.gcs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;

/**
 * One replica's part in the node leases ({@link NodeLeases}). As an active leader it has its
 * follower nodes granted a lease, and sends a group heartbeat only when it says something new
 * (term, commit, acknowledged outputs, going quiet) or every {@link #REFRESH_PERIODS} periods;
 * as a follower it watches its leader's node and takes its leader's liveness from that node's
 * lease, as long as the leader confirmed the group itself within two refresh periods and an
 * election timeout (a leader that stops leading a group while its node lives on is noticed that way).
 */
final class GroupLease {
    /** Heartbeat periods between two beats of a group to a follower when nothing changes. */
    static final int REFRESH_PERIODS = 8;

    private final GroupReplica g;
    private final GcsContext ctx;
    /** What this leader last told each follower: term, commit, output watermark, node tick. */
    private final Map<Long, long[]> lastBeat = new HashMap<>();
    private final Set<NodeHandle> granted = new HashSet<>();
    private NodeHandle watched;
    /** Node tick of the last message from this group's leader (its own beat, an append). */
    long leaderTick;
    /** The commit index the leader's last heartbeat round carried. */
    long committedBeaten;

    GroupLease(GroupReplica g) {
        this.g = g;
        this.ctx = g.ctx;
    }

    long refreshTicks() {
        return (long) REFRESH_PERIODS * ctx.config.raft().heartbeatTicks();
    }

    /** True when this heartbeat must travel as the group's own beat; else the node lease says enough. */
    boolean beatNeeded(Member to, Heartbeat h, long outputsAcked) {
        if (h.quiesce()) {
            lastBeat.remove(to.id());
            return true;
        }
        long[] last = lastBeat.get(to.id());
        // An idle leader is ticked once a refresh period: that tick always carries the refresh.
        if (last != null && last[0] == h.term() && last[1] == h.commit() && last[2] == outputsAcked
                && ctx.tick - last[3] < refreshTicks() - ctx.config.raft().heartbeatTicks()) {
            return false;
        }
        lastBeat.put(to.id(), new long[] {h.term(), h.commit(), outputsAcked, ctx.tick});
        return true;
    }

    void lostLeadership() {
        lastBeat.clear();
    }

    /** Follower: restart the election clock from the last time the leader's node was heard, if the group is confirmed. */
    void refresh() {
        Member lead = g.raft.leader();
        if (lead == null || g.isLeader() || ctx.tick - leaderTick > confirmWindow()) {
            return;
        }
        long heard = ctx.lastBeat(lead.node().id());
        if (heard >= 0) {
            g.raft.leaderAlive(heard);
        }
    }

    /** Two refresh periods (one refresh may be lost) and an election timeout. */
    long confirmWindow() {
        return 2 * refreshTicks() + ctx.config.raft().electionTicks();
    }

    /** Follower: the tick by which the leader must confirm the group again, while its node's lease holds. */
    long followerDue() {
        Member lead = g.raft.leader();
        if (lead == null || g.isLeader() || ctx.leases.isSilent(lead.node().id())) {
            return g.raft.nextDueTick();
        }
        return Math.max(g.raft.nextDueTick(), leaderTick + confirmWindow() + 1);
    }

    /** Brings this replica's grants and watch in line with its role (after any input). */
    void update() {
        boolean activeLeader = g.isLeader() && !g.raft.isQuiescent() && !g.dropped();
        Set<NodeHandle> want = new HashSet<>();
        if (activeLeader) {
            for (Member m : g.config().voters()) {
                if (!m.equals(g.self())) {
                    want.add(m.node());
                }
            }
        }
        if (!want.equals(granted)) {
            for (NodeHandle n : granted) {
                if (!want.contains(n)) {
                    ctx.leases.revoke(n);
                }
            }
            for (NodeHandle n : want) {
                if (!granted.contains(n)) {
                    ctx.leases.grant(n);
                }
            }
            granted.clear();
            granted.addAll(want);
        }
        Member lead = g.raft.leader();
        NodeHandle w = g.isLeader() || g.raft.isQuiescent() || g.dropped() || lead == null ? null : lead.node();
        if (w == null ? watched != null : !w.equals(watched)) {
            if (watched != null) {
                ctx.leases.unwatch(watched, g);
            }
            if (w != null) {
                ctx.leases.watch(w, g);
            }
            watched = w;
        }
    }
}
