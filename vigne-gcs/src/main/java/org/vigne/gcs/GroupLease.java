package org.vigne.gcs;

import java.util.HashSet;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;

/**
 * One replica's part in the node leases ({@link NodeLeases}). As an active leader it has its
 * follower nodes granted a lease, and sends a group heartbeat only when it says something new
 * (term, commit, acknowledged outputs, going quiet), when the follower lags, or every
 * {@link #REFRESH_PERIODS} periods; as a follower it watches its leader's node and takes its
 * leader's liveness from that node's lease, as long as the leader confirmed the group itself
 * within two refresh periods and an election timeout.
 *
 * <p>A leader that stops leading a group while its node lives on says so
 * ({@code GcsMessage.Resigned}); should that notice be lost, the lapse of the confirmation notices
 * it. Refreshes every 8 periods (a lapse without notice within 17 s) cost 8-10% of the CPU time of
 * a 2,000-node run with 10,000 groups (each is a beat and its answer through both nodes' groups);
 * every 32 they cost a quarter of that, and the notice keeps the common case fast.
 *
 * <p>A follower that began a pre-vote goes on watching the leader it gave up on, so that the next
 * lease makes it follow that leader again ({@code RaftReplica.leaderOrLast()}).
 */
final class GroupLease {
    /** Heartbeat periods between two beats of a group to a follower when nothing changes. */
    static final int REFRESH_PERIODS = 32;

    private final GroupReplica g;
    private final GcsContext ctx;
    /** What this leader last told each follower, {@link #TOLD} longs each: member id, term, commit, output watermark, node tick. */
    private long[] told = new long[0];
    private int toldCount;
    private static final int TOLD = 5;
    private final Set<NodeHandle> granted = new HashSet<>();
    /**
     * The nodes in {@link #granted}, as the configuration's members name them, and their node state.
     * The leader's tick asks for each member's node by that very handle object, where a node's state
     * keeps the handle it was first seen by, often another object.
     */
    private NodeHandle[] grantedHandles = new NodeHandle[0];
    private LeasePeer[] grantedPeers = new LeasePeer[0];
    /** The log and configuration the grants were last computed for, and whether it was as an active leader. */
    private Object grantsRaft;
    private Configuration grantsConfig;
    private boolean grantsActive;
    private NodeHandle watched;
    /** The state of the watched node, so that a follower's due tick reads its lease without a lookup. */
    private LeasePeer watchedPeer;
    /** A {@link #leaderTick} outside every confirmation window (far enough from overflowing). */
    private static final long NEVER = Long.MIN_VALUE / 4;
    /** Node tick of the last message from this group's leader (its own beat, an append). */
    long leaderTick;
    /** The commit index the leader's last heartbeat round carried. */
    long committedBeaten;
    /** The acknowledged outputs' index the leader's last heartbeat round carried (followers then forget those outputs). */
    long outputsBeaten;

    GroupLease(GroupReplica g) {
        this.g = g;
        this.ctx = g.ctx;
    }

    long refreshTicks() {
        return (long) REFRESH_PERIODS * ctx.config.raft().heartbeatTicks();
    }

    /**
     * True when this heartbeat must travel as the group's own beat; else the node lease says enough.
     * A follower that lags is beaten every period: its answer is what makes the leader send a lost
     * append again (checked last, when nothing else needs the beat).
     */
    boolean beatNeeded(Member to, Heartbeat h, long outputsAcked) {
        int at = toldAt(to.id());
        if (h.quiesce()) {
            if (at >= 0) {
                toldCount--;
                System.arraycopy(told, (at + 1) * TOLD, told, at * TOLD, (toldCount - at) * TOLD);
            }
            return true;
        }
        // An idle leader is ticked once a refresh period: that tick always carries the refresh.
        if (at >= 0) {
            int o = at * TOLD;
            if (told[o + 1] == h.term() && told[o + 2] == h.commit() && told[o + 3] == outputsAcked
                    && ctx.tick - told[o + 4] < refreshTicks() - ctx.config.raft().heartbeatTicks()
                    && g.raft.matchOf(to) >= g.raft.lastIndex()) {
                return false;
            }
        } else {
            at = toldCount++;
            if (told.length < toldCount * TOLD) {
                told = java.util.Arrays.copyOf(told, Math.max(4, toldCount * 2) * TOLD);
            }
        }
        int o = at * TOLD;
        told[o] = to.id();
        told[o + 1] = h.term();
        told[o + 2] = h.commit();
        told[o + 3] = outputsAcked;
        told[o + 4] = ctx.tick;
        return true;
    }

    private int toldAt(long member) {
        for (int i = 0; i < toldCount; i++) {
            if (told[i * TOLD] == member) {
                return i;
            }
        }
        return -1;
    }

    void lostLeadership() {
        toldCount = 0;
    }

    /** The leader said it no longer leads: its node's lease stops standing for it at once. */
    void leaderResigned() {
        leaderTick = NEVER;
    }

    /** Follower: restart the election clock from the last time the leader's node was heard, if the group is confirmed. */
    void refresh() {
        Member lead = g.raft.leaderOrLast();
        if (lead == null || g.isLeader() || ctx.tick - leaderTick > confirmWindow()) {
            return;
        }
        long heard = heardTick(lead.node());
        if (heard >= 0) {
            g.raft.leaderAlive(heard);
        }
    }

    /**
     * The node tick at which {@code node} was last heard from, or -1: read from this replica's own
     * references to its leader's and followers' node state when it has them (every follower tick
     * and every leader tick ask), else looked up.
     */
    long heardTick(NodeHandle node) {
        if (node == watched && watchedPeer != null) {
            return watchedPeer.heardTick;
        }
        for (int i = 0; i < grantedHandles.length; i++) {
            if (grantedHandles[i] == node) {
                return grantedPeers[i].heardTick;
            }
        }
        return ctx.lastBeat(node);
    }

    /** Two refresh periods (one refresh may be lost) and an election timeout. */
    long confirmWindow() {
        return 2 * refreshTicks() + ctx.config.raft().electionTicks();
    }

    /** Follower: the tick by which the leader must confirm the group again, while its node's lease holds. */
    long followerDue() {
        Member lead = g.raft.leaderOrLast();
        if (lead == null || g.isLeader() || silent(lead.node())) {
            return g.raft.nextDueTick();
        }
        // A backstop many periods long: checked on the heartbeat ticks, when the node wakes anyway.
        return Math.max(g.raft.nextDueTick(),
                NodeClock.onGrid(leaderTick + confirmWindow() + 1, ctx.config.raft().heartbeatTicks()));
    }

    private boolean silent(NodeHandle leaderNode) {
        return leaderNode == watched && watchedPeer != null ? watchedPeer.silent : ctx.leases.isSilent(leaderNode);
    }

    /**
     * Brings this replica's grants and watch in line with its role (after any input). A quiescent
     * follower holds no confirmation: once woken, it takes its leader's node lease again only after
     * the leader's next message. (Its node clock may have stood still while the group was quiet, and
     * node ticks count only while it runs: an old confirmation would look fresh, and a leader whose
     * node restarted, and which leads nothing, would keep the survivors from electing.)
     */
    void update() {
        if (g.raft.isQuiescent() && !g.isLeader()) {
            leaderTick = NEVER;
        }
        boolean activeLeader = g.isLeader() && !g.raft.isQuiescent() && !g.dropped();
        if (activeLeader != grantsActive || g.raft != grantsRaft || g.config() != grantsConfig) {
            updateGrants(activeLeader);
        }
        updateWatch();
    }

    /** Grants exactly the nodes of this active leader's followers a lease (none when not an active leader). */
    private void updateGrants(boolean activeLeader) {
        grantsActive = activeLeader;
        grantsRaft = g.raft;
        grantsConfig = g.config();
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
        }
        // Even when the nodes are the same: a new configuration may name them by other objects.
        granted.clear();
        granted.addAll(want);
        grantedHandles = want.toArray(new NodeHandle[0]);
        grantedPeers = new LeasePeer[grantedHandles.length];
        for (int i = 0; i < grantedHandles.length; i++) {
            grantedPeers[i] = ctx.leases.peer(grantedHandles[i]);
        }
    }

    private void updateWatch() {
        Member lead = g.raft.leaderOrLast();
        NodeHandle w = g.isLeader() || g.raft.isQuiescent() || g.dropped() || lead == null ? null : lead.node();
        if (w == null ? watched != null : !w.equals(watched)) {
            if (watched != null) {
                ctx.leases.unwatch(watched, g);
            }
            watchedPeer = w == null ? null : ctx.leases.watch(w, g, leaderTick);
            watched = w;
        } else if (w != watched) {
            // The same node named by another object: keep the one the leader is now named by, which
            // {@link #heardTick} compares by reference.
            watched = w;
        }
    }
}
