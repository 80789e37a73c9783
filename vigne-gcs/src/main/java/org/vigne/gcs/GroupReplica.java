package org.vigne.gcs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.Beat;
import org.vigne.gcs.GcsMessage.GroupRaft;
import org.vigne.gcs.GcsMessage.NotMember;
import org.vigne.gcs.GcsMessage.Resigned;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.SubmitResult.Status;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.RaftHost;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;
import org.vigne.gcs.raft.RaftMessage.HeartbeatResponse;
import org.vigne.gcs.raft.RaftMessage.Vote;
import org.vigne.gcs.raft.RaftReplica;
import org.vigne.gcs.raft.Role;
import org.vigne.gcs.raft.Snapshot;

/**
 * This node's replica of one group: the group's log ({@link RaftReplica}), its state machine and
 * client sessions, and what the leader does on top of the log (answering submitters, sending
 * outputs, moving members). Driven by {@link GcsService}: messages, the node's tick while the
 * group is active, and the overlay's and DHT's news.
 */
final class GroupReplica implements RaftHost, ReplicaIndex.Keyed {
    final GroupId id;
    /** The group's kind and key, kept here so that finding this replica by group reads no other object. */
    private final String kindName;
    private final long keyHi;
    private final long keyMid;
    private final int keyLo;
    final GcsContext ctx;
    final Kind kind;
    long generation;
    RaftReplica raft;
    GroupStateMachine sm;
    final Sessions sessions = new Sessions();
    final OutputLedger outputs = new OutputLedger(this);
    final GroupMembers members;
    final MajorityLoss loss;
    final GroupLease lease;
    final ClientDesk desk;
    /** The group clock: the stamp of the last entry seen, and this node's time then. */
    private long clockMs;
    private long clockLocalMs;
    /** Node ticks of the last command or heartbeat-worthy activity, and of the last message from a member. */
    private long activeTick;
    private long contactTick;
    /** The node tick at which this replica was last ticked. */
    private long tickedAt;
    private boolean wasVoter;
    private boolean roleChanged;
    /** The term this replica leads or last led in, -1 once it resigned or never led (a leader that stops leading resigns). */
    private long ledTerm = -1;
    private boolean dropped;
    private boolean stopped;
    /** Set while the log wakes up: its ping to the leader must not wait for the next heartbeat tick. */
    private boolean waking;
    /** The node tick this replica is queued for in the service's clock, 0 when not queued. */
    long queuedTick;

    GroupReplica(GroupId id, GcsContext ctx, Kind kind, long generation, Member self, Snapshot base) {
        this.id = id;
        this.kindName = id.kind();
        this.keyHi = id.key().hi();
        this.keyMid = id.key().mid();
        this.keyLo = id.key().lo();
        this.ctx = ctx;
        this.kind = kind;
        this.generation = generation;
        this.sm = kind.factory().create(id);
        this.members = new GroupMembers(this);
        this.loss = new MajorityLoss(this);
        this.lease = new GroupLease(this);
        this.desk = new ClientDesk(this);
        this.raft = new RaftReplica(ctx.config.raft(), self, base, ctx.env.random(), this);
        this.wasVoter = raft.config().contains(self);
        this.clockLocalMs = ctx.nowMs();
        this.activeTick = ctx.tick;
        this.contactTick = ctx.tick;
        raft.clock(ctx.tick);
        ctx.counters.replicasCreated++;
    }

    @Override
    public GroupId group() {
        return id;
    }

    @Override
    public boolean is(String kind, org.vigne.core.Id key) {
        return keyHi == key.hi() && keyMid == key.mid() && keyLo == key.lo() && kindName.equals(kind);
    }

    Member self() {
        return raft.self();
    }

    long appliedIndex() {
        return raft.applied();
    }

    boolean isLeader() {
        return raft.role() == Role.LEADER;
    }

    boolean dropped() {
        return dropped;
    }

    // ---- the log's host --------------------------------------------------------------------

    @Override
    public void send(Member to, RaftMessage msg) {
        if (msg instanceof Heartbeat h) {
            if (lease.beatNeeded(to, h, outputs.acked())) {
                ctx.beats.heartbeat(to.node(), new Beat(id.kind(), id.key(), generation, self().id(), to.id(), h.term(),
                        h.commit(), false, h.quiesce(), outputs.acked()));
            } else {
                ctx.beats.lease(to.node());
            }
        } else if (msg instanceof HeartbeatResponse h) {
            ctx.beats.answer(to.node(), new Beat(id.kind(), id.key(), generation, self().id(), to.id(), h.term(), 0, true,
                    false, 0), waking);
        } else {
            ctx.send(to.node(), new GroupRaft(id.kind(), id.key(), generation, self().id(), to.id(), msg,
                    ctx.incarnation));
        }
    }

    @Override
    public byte[] snapshotData() {
        return GroupSnapshot.encode(clockMs, sessions, sm.snapshot());
    }

    @Override
    public void restore(Snapshot s) {
        try {
            GroupSnapshot.Decoded d = GroupSnapshot.decode(s.data(), sessions);
            sm.restore(d.state());
            clockMs = d.clockMs();
            clockLocalMs = ctx.nowMs();
            ctx.observer.restored(id, generation, self(), s.index());
        } catch (IOException | RuntimeException e) {
            ctx.counters.stateMachineErrors++;
            dropped = true;
        }
    }

    @Override
    public void roleChanged(Role role, long term, Member leader) {
        roleChanged = true;
        if (role == Role.LEADER) {
            ctx.observer.leader(id, generation, term, self());
        }
    }

    // ---- input -------------------------------------------------------------------------------

    /** A log message from member {@code from} of this generation, addressed to this replica. */
    void step(Member from, RaftMessage m) {
        raft.clock(ctx.tick);
        contactTick = ctx.tick;
        lease.refresh();
        if (m instanceof Vote v && isZombie(from, v)) {
            ctx.counters.notMember++;
            ctx.send(from.node(), new NotMember(id.kind(), id.key(), generation, from.id()));
            return;
        }
        long droppedBefore = raft.dropped();
        raft.step(from, m);
        ctx.counters.raftDropped += raft.dropped() - droppedBefore;
        if (from.equals(raft.leader()) && (m instanceof Heartbeat || m instanceof RaftMessage.Append
                || m instanceof RaftMessage.InstallSnapshot)) {
            // Only what a leader sends confirms its leadership of this group (not its vote requests).
            lease.leaderTick = ctx.tick;
        }
        afterInput();
    }

    /** A vote request from a member this replica knows was removed (committed) before the requester's log ends. */
    private boolean isZombie(Member from, Vote v) {
        return !raft.config().contains(from) && raft.configIndex() <= raft.committed()
                && v.lastIndex() < raft.configIndex();
    }

    /** A heartbeat from the leader also says up to which index outputs are acknowledged. */
    void learnOutputsAcked(long index) {
        outputs.learnAcked(index);
    }

    /** A command (or a creation's retry) reached this replica. */
    void onSubmit(Submit s) {
        raft.clock(ctx.tick);
        activeTick = ctx.tick;
        desk.onSubmit(s);
        afterInput();
    }

    /** The creator of this group asked for {@code s.command()} as its first command. */
    void created(Submit s) {
        desk.created(s);
        afterInput();
    }

    /** Appends {@code e} stamped with the group clock (leader); its index, or -1 when refused. */
    long proposeStamped(Entry e) {
        return raft.propose(e.stamped(stamp()));
    }

    /** Proposes an entry the group needs (configuration, recovery), stamped with the group clock. */
    long proposeInternal(Entry e) {
        raft.clock(ctx.tick);
        activeTick = ctx.tick;
        long index = raft.propose(e.stamped(stamp()));
        afterInput();
        return index;
    }

    private boolean touched;

    /** Tells the service this replica has news (it may have left its group, or woken up). */
    private void touch() {
        if (!touched) {
            touched = true;
            ctx.touched.add(this);
        }
    }

    /** The service looked at this replica's news. */
    void settled() {
        touched = false;
    }

    private long stamp() {
        long s = clockMs + Math.max(0, ctx.nowMs() - clockLocalMs);
        clockMs = s;
        clockLocalMs = ctx.nowMs();
        return s;
    }

    /** Leaves quiescence (a member is suspected or gone, a command arrived, the replica set changed). */
    void wake() {
        touch();
        raft.clock(ctx.tick);
        if (raft.isQuiescent()) {
            ctx.counters.wakes++;
            waking = true;
            raft.wake();
            waking = false;
        }
        activeTick = ctx.tick;
    }

    /**
     * The node tick at which this replica next needs its tick (the node skips it until then): a
     * busy leader every heartbeat period, an idle one every refresh period; a follower when its
     * leader must confirm the group again, or at its election timeout once its leader's node is silent.
     */
    long dueTick() {
        if (raft.isQuiescent()) {
            return Long.MAX_VALUE;
        }
        if (!isLeader()) {
            return lease.followerDue();
        }
        long period = busy() ? ctx.config.raft().heartbeatTicks() : lease.refreshTicks();
        return (tickedAt / period + 1) * period;
    }

    /** A leader with something in flight, or something to tell, needs its tick every heartbeat period. */
    private boolean busy() {
        return raft.lastIndex() > raft.committed() || raft.committed() != lease.committedBeaten
                || outputs.acked() != lease.outputsBeaten || raft.followersBehind() || !desk.idle()
                || !outputs.idle() || !members.settled() || raft.transferee() != null
                || raft.catchingUp() || ctx.tick - activeTick < 2L * ctx.config.raft().heartbeatTicks();
    }

    // ---- the node's tick -------------------------------------------------------------------------

    void tick(long nodeTick) {
        tickedAt = nodeTick;
        raft.clock(nodeTick);
        if (isLeader()) {
            // Followers' nodes answer leases every ANSWER_PERIODS heartbeat periods; one answer may be lost.
            long window = 2L * BeatBatcher.ANSWER_PERIODS * ctx.config.raft().heartbeatTicks();
            List<Member> voters = raft.config().voters();
            for (int i = 0; i < voters.size(); i++) {
                Member m = voters.get(i);
                long heard = m.equals(self()) ? -1 : lease.heardTick(m.node());
                if (heard >= 0 && nodeTick - heard <= window) {
                    raft.markActive(m);
                }
            }
        } else {
            lease.refresh();
        }
        long droppedBefore = raft.dropped();
        raft.tick(nodeTick);
        ctx.counters.raftDropped += raft.dropped() - droppedBefore;
        lease.committedBeaten = raft.committed();
        lease.outputsBeaten = outputs.acked();
        if (isLeader()) {
            outputs.tick();
            members.tick();
            desk.expire();
            if (nodeTick - activeTick >= ctx.config.quiesceAfterTicks() && desk.idle()
                    && outputs.idle() && members.settled()) {
                raft.quiesce();
            }
        } else {
            loss.tick();
        }
        afterInput();
    }

    /** After any input: react to role changes, apply what is committed, drop the replica if it left the group. */
    void afterInput() {
        touch();
        if (roleChanged) {
            roleChanged = false;
            onRoleChange();
        }
        applyCommitted();
        if (raft.config().contains(self())) {
            wasVoter = true;
            contactTick = isLeader() ? ctx.tick : contactTick;
        } else if ((wasVoter && raft.configIndex() <= raft.committed() && !isLeader())
                || ctx.tick - contactTick >= ctx.config.orphanTicks()) {
            dropped = true;
        }
        lease.update();
    }

    private void onRoleChange() {
        if (isLeader()) {
            ledTerm = raft.term();
            outputs.tookOver();
            members.tookOver();
            desk.tookOver();
        } else {
            if (ledTerm >= 0 && raft.leader() == null) {
                resign(ledTerm);
            }
            ledTerm = -1;
            lease.lostLeadership();
            desk.lostLeadership();
            members.lostLeadership();
            outputs.lostLeadership();
        }
    }

    /**
     * This replica stopped leading without a successor in sight: its followers would go on taking
     * its node's lease (which its other groups keep sending) as its liveness until the group's
     * confirmation lapses ({@link GroupLease#confirmWindow}), so it tells them. A lost notice
     * leaves them that lapse.
     */
    private void resign(long term) {
        for (Member m : raft.config().voters()) {
            if (!m.equals(self())) {
                ctx.send(m.node(), new Resigned(id.kind(), id.key(), generation, self().id(), m.id(), term));
            }
        }
    }

    /** The leader {@code from} of term {@code term} resigned: stop taking its node's lease for this group. */
    void leaderResigned(Member from, long term) {
        if (!isLeader() && term == raft.term() && from.equals(raft.leaderOrLast())) {
            lease.leaderResigned();
            afterInput();
        }
    }

    /**
     * Follower: the node of its leader restarted (a new incarnation), so the leader is gone though
     * the node answers; its lease stops standing for the leader at once, as when a leader resigns.
     */
    void leaderNodeRestarted(NodeHandle node) {
        Member lead = raft.leaderOrLast();
        if (!isLeader() && lead != null && lead.node().equals(node)) {
            ctx.counters.leaderNodeRestarts++;
            lease.leaderResigned();
            afterInput();
        }
    }

    // ---- applying ------------------------------------------------------------------------------

    private void applyCommitted() {
        if (raft.applied() >= raft.committed()) {
            return;
        }
        while (raft.applied() < raft.committed() && !dropped) {
            long i = raft.applied() + 1;
            Entry e = raft.entry(i);
            if (e.stampMs() > clockMs) {
                clockMs = e.stampMs();
                clockLocalMs = ctx.nowMs();
            }
            applyEntry(i, e);
            raft.appliedTo(i);
            desk.appliedTo(i);
        }
        if (sessions.size() > 0) {
            sessions.expire(clockMs, ctx.config.sessionTtlMs());
        }
        int retain = ctx.config.logRetain();
        if (raft.logSize() > 2 * retain) {
            raft.compact(raft.applied() - retain);
        }
    }

    private void applyEntry(long i, Entry e) {
        switch (e.kind()) {
            case COMMAND -> applyCommand(i, e);
            case RECOVERY -> {
                ctx.observer.applied(id, generation, self(), e, false);
                long base = e.data().length >= 8 ? ByteBuffer.wrap(e.data()).getLong() : 0;
                Applied a = safely(() -> sm.recovered(base, true));
                outputs.applied(i, a.outputs(), isLeader());
            }
            case CONFIG -> {
                ctx.observer.applied(id, generation, self(), e, false);
                members.configApplied(e.config());
            }
            case NOOP -> ctx.observer.applied(id, generation, self(), e, false);
        }
    }

    private void applyCommand(long i, Entry e) {
        boolean session = e.clientId() != 0;
        Sessions.Verdict v = session ? sessions.check(e.clientId(), e.seq()) : Sessions.Verdict.NEW;
        byte[] result;
        Status status = Status.OK;
        if (v == Sessions.Verdict.NEW) {
            ctx.observer.applied(id, generation, self(), e, true);
            Applied a = safely(() -> sm.apply(i, e.data()));
            result = a.result();
            if (session) {
                sessions.record(e.clientId(), e.seq(), result, clockMs);
            }
            outputs.applied(i, a.outputs(), isLeader());
        } else {
            ctx.observer.applied(id, generation, self(), e, false);
            ctx.counters.retriesAnswered++;
            result = sessions.result(e.clientId(), e.seq());
            status = v == Sessions.Verdict.DUPLICATE ? Status.OK : Status.UNAVAILABLE;
        }
        desk.applied(e.clientId(), e.seq(), i, status, result);
    }

    private Applied safely(java.util.function.Supplier<Applied> call) {
        try {
            Applied a = call.get();
            return a == null ? Applied.none() : a;
        } catch (RuntimeException ex) {
            ctx.counters.stateMachineErrors++;
            return Applied.none();
        }
    }

    /** Replaces this replica's log and state machine (the group was rebuilt here). */
    void replaceLog(long newGeneration, RaftReplica newRaft) {
        generation = newGeneration;
        raft = newRaft;
        desk.clear();
        wasVoter = true;
        roleChanged = true;
    }

    /** Told that its member was removed from the group: it drops itself at the next settle. */
    void removed() {
        dropped = true;
        touch();
    }

    /** This replica stops for good; returns false when it had already stopped. */
    boolean stop() {
        dropped = true;
        if (stopped) {
            return false;
        }
        stopped = true;
        lease.update();
        desk.clear();
        try {
            sm.stopped();
        } catch (RuntimeException e) {
            ctx.counters.stateMachineErrors++;
        }
        return true;
    }

    Configuration config() {
        return raft.config();
    }

    @Override
    public String toString() {
        return id + "@" + self() + " gen " + (generation & 0xFFFF) + " " + raft.role() + " t" + raft.term();
    }
}
