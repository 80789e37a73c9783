package org.vigne.gcs.raft;

import java.util.Set;
import java.util.random.RandomGenerator;
import org.vigne.gcs.raft.RaftMessage.Append;
import org.vigne.gcs.raft.RaftMessage.AppendResponse;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;
import org.vigne.gcs.raft.RaftMessage.HeartbeatResponse;
import org.vigne.gcs.raft.RaftMessage.InstallSnapshot;
import org.vigne.gcs.raft.RaftMessage.TimeoutNow;
import org.vigne.gcs.raft.RaftMessage.Vote;
import org.vigne.gcs.raft.RaftMessage.VoteResponse;

/**
 * One replica of one group's log: Raft as a pure state machine, in the shape of etcd's raft
 * package. It reads no clock and does no I/O: time is {@link #tick()}, input is {@link #step},
 * proposals are {@link #propose}, and everything it says goes through its {@link RaftHost}.
 *
 * <p>Rules kept (Raft paper, Sect. 5, and dissertation, Ch. 4 and 9): one vote per term; elections
 * preceded by a pre-vote that changes no term (PreVote); a voter that heard from a leader within
 * the election timeout ignores vote requests (a leader always does), and a leader that stops
 * hearing from a quorum steps down (CheckQuorum); log matching with consistency checks on every
 * append; only a log at least as up to date as a voter's wins its vote; a leader commits by
 * counting replicas only entries of its own term (Figure 8); configurations are in force once
 * appended, change one member at a time, and a leader changes them only after committing an entry
 * of its term and once no change is pending. Groups can also go quiet: a quiescent replica ignores
 * ticks until a message or {@link #wake()} rouses it.
 */
public final class RaftReplica {
    final RaftConfig config;
    final Member self;
    final RandomGenerator random;
    final RaftHost host;
    final RaftLog log;
    long term;
    Member vote;
    Member lead;
    /**
     * The leader this replica followed in this term before it gave up on it (a pre-campaign),
     * while the term lasts: if that leader proves alive again, the replica follows it again.
     */
    Member lastLead;
    Role role = Role.FOLLOWER;
    Configuration conf;
    final Tracker tracker;
    final Election election = new Election(this);
    final Following following = new Following(this);
    /** The group clock: the node's tick number, kept current by {@link #clock} and {@link #tick}. */
    long now;
    /** When the election clock (follower) or the quorum-check period (leader) last started. */
    long electionStart;
    int randomizedTimeout;
    private Member transferee;
    private long pendingConfIndex;
    boolean quiescent;
    /** When this leader last went quiet (its clock). */
    private long quiescedAt;
    long dropped;

    /** A replica starting from {@code base}: an empty group's (index 0) or a snapshot's state. */
    public RaftReplica(RaftConfig config, Member self, Snapshot base, RandomGenerator random, RaftHost host) {
        this.config = config;
        this.self = self;
        this.random = random;
        this.host = host;
        this.log = new RaftLog(base.config());
        this.tracker = new Tracker(this, log, host, config);
        if (base.index() > 0) {
            log.restore(base);
        }
        this.term = base.term();
        this.conf = log.latestConfig();
        resetTimeout();
    }

    // ---- inspection ------------------------------------------------------------------------

    public Member self() {
        return self;
    }

    /** The group clock (node ticks). */
    long now() {
        return now;
    }

    public long term() {
        return term;
    }

    public Role role() {
        return role;
    }

    /** The leader this replica follows (itself when leading), or null. */
    public Member leader() {
        return lead;
    }

    /** The configuration in force (the latest in the log). */
    public Configuration config() {
        return conf;
    }

    /** The configuration at index {@code i} (not before the log's snapshot). */
    public Configuration configAt(long i) {
        return log.configAt(i);
    }

    /** Index of the entry that holds the configuration in force (the snapshot's when none). */
    public long configIndex() {
        return log.latestConfigIndex();
    }

    public long committed() {
        return log.committed();
    }

    public long applied() {
        return log.applied();
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    public long lastTerm() {
        return log.lastTerm();
    }

    /** Term of the entry at {@code i} (the snapshot's at its index); -1 when compacted away or beyond the end. */
    public long termAt(long i) {
        return log.term(i);
    }

    public long firstIndex() {
        return log.firstIndex();
    }

    public int logSize() {
        return log.size();
    }

    public Entry entry(long i) {
        return log.entry(i);
    }

    public boolean isQuiescent() {
        return quiescent;
    }

    /** Messages dropped as stale or malformed. */
    public long dropped() {
        return dropped;
    }

    /** The leader's match index for {@code m}, or -1 when it does not track it. */
    /**
     * True for a leader with a member that does not hold its whole log: only a heartbeat's answer
     * makes it send a lost append again, so that member must be beaten every period.
     */
    public boolean followersBehind() {
        return role == Role.LEADER && tracker.anyBehind();
    }

    public long matchOf(Member m) {
        return tracker.matchOf(m);
    }

    /** Members the leader has heard from since its last quorum check (itself included). */
    public Set<Member> recentlyActive() {
        return tracker.recentlyActive();
    }

    /** True when the last committed entry is of the current term (a leader may then change the configuration). */
    public boolean committedInTerm() {
        return log.term(log.committed()) == term;
    }

    // ---- the group above drives these ----------------------------------------------------------

    /**
     * The group was just created here, or rebuilt here after losing its majority: lead
     * {@code newTerm} at once with the log this replica starts from, and send every other member a
     * snapshot of it (they have no replica of this group, or one to replace).
     */
    public void leadNewGroup(long newTerm) {
        term = newTerm;
        vote = self;
        becomeLeader(true);
    }

    /** Leads {@code newTerm} without an election (tests build Raft's corner cases with it). */
    void becomeLeaderAt(long newTerm) {
        term = newTerm;
        vote = self;
        becomeLeader(false);
    }

    /** True while the leader is sending some member a snapshot it has not acknowledged. */
    public boolean catchingUp() {
        return role == Role.LEADER && tracker.snapshotSentTick() >= 0
                && now - tracker.snapshotSentTick() <= 2L * config.snapshotRetryTicks();
    }

    /** True while the leader is sending {@code m} a snapshot it has not acknowledged. */
    public boolean isCatchingUp(Member m) {
        Progress p = tracker.get(m);
        return p != null && p.state == Progress.State.SNAPSHOT;
    }

    /** The entries up to {@code i} have been applied by the state machine. */
    public void appliedTo(long i) {
        log.appliedTo(i);
    }

    /** Forgets applied entries up to {@code i}; a follower that needs them gets a snapshot instead. */
    public void compact(long i) {
        log.compact(Math.min(i, log.applied()));
    }

    /**
     * Appends {@code template} (any term and index) as a new entry; leader only, and not while
     * handing leadership over. A {@link EntryKind#CONFIG} entry is refused unless
     * {@link #canChangeConfig()}. Returns the entry's index, or -1 when refused.
     */
    public long propose(Entry template) {
        if (role != Role.LEADER || transferee != null) {
            return -1;
        }
        if (template.kind() == EntryKind.CONFIG && !canChangeConfig()) {
            return -1;
        }
        wake();
        Entry e = template.at(term, log.lastIndex() + 1);
        log.append(e);
        if (e.kind() == EntryKind.CONFIG) {
            pendingConfIndex = e.index();
            conf = e.config();
            tracker.sync(conf);
        }
        tracker.sendAppends(false);
        maybeCommit();
        return e.index();
    }

    /** A leader may change the configuration: none is pending and it has committed an entry of its term. */
    public boolean canChangeConfig() {
        return role == Role.LEADER && pendingConfIndex <= log.committed() && committedInTerm();
    }

    /** Leader: start catching {@code m} up (snapshot, then the log tail) before it becomes a voter. */
    public void addLearner(Member m) {
        if (role != Role.LEADER || tracker.tracks(m) || m.equals(self)) {
            return;
        }
        tracker.addLearner(m);
    }

    /** Leader: stop catching {@code m} up (it is not in the configuration). */
    public void removeLearner(Member m) {
        tracker.removeLearner(m);
    }

    /** Leader: hand leadership to {@code to} (a voter) once its log is up to date. */
    public void transferLeadership(Member to) {
        if (role != Role.LEADER || to.equals(self) || !conf.contains(to) || !tracker.tracks(to)) {
            return;
        }
        wake();
        transferee = to;
        electionStart = now;
        Progress p = tracker.get(to);
        if (p.match == log.lastIndex()) {
            host.send(to, new TimeoutNow(term));
        } else {
            tracker.sendAppend(to, p, true);
        }
    }

    public Member transferee() {
        return transferee;
    }

    /** True when a leader may go quiet: everything committed and held by every follower. */
    public boolean canQuiesce() {
        return role == Role.LEADER && !quiescent && transferee == null && log.committed() == log.lastIndex()
                && tracker.allMatch();
    }

    /** Leader: go quiet, telling the followers (which then stop their election clocks too). */
    public void quiesce() {
        if (!canQuiesce()) {
            return;
        }
        quiescent = true;
        quiescedAt = now;
        tracker.broadcastHeartbeat(true);
    }

    /** Leaves quiescence: a leader resumes heartbeats, a follower restarts its election clock and pings its leader. */
    public void wake() {
        if (!quiescent) {
            return;
        }
        quiescent = false;
        electionStart = now;
        if (role == Role.LEADER) {
            tracker.markAllActive();
            tracker.broadcastHeartbeat(false);
        } else if (lead != null) {
            host.send(lead, new HeartbeatResponse(term));
        }
    }

    /**
     * A follower's leader is known to have been alive at node tick {@code tick} (its node was heard
     * from, and this group's leadership was confirmed recently): the election clock restarts from
     * then, as if a heartbeat had arrived. The host coalesces liveness per node pair this way.
     */
    public void leaderAlive(long tick) {
        if (role == Role.FOLLOWER && lead != null) {
            if (tick > electionStart) {
                electionStart = Math.min(tick, now);
            }
        } else if (role != Role.LEADER && lead == null && lastLead != null && tick >= electionStart) {
            // The leader this replica gave up on was heard from since it did (in the tick of its
            // campaign at the earliest: campaigns start on a tick, before that tick's messages),
            // and no later term began here: follow it again, as its heartbeat would make it. A lost
            // lease must not leave a replica granting pre-votes until the group's next beat.
            becomeFollower(term, lastLead);
            electionStart = Math.min(tick, now);
        }
    }

    /** The leader this replica follows, or the one of this term it gave up on when it follows none. */
    public Member leaderOrLast() {
        return lead != null ? lead : lastLead;
    }

    /** Leader: {@code m} was heard from (its node answered), for the quorum check. */
    public void markActive(Member m) {
        if (role == Role.LEADER) {
            tracker.markActive(m);
        }
    }

    /** One tick of this replica's own clock (heartbeats every {@link RaftConfig#heartbeatTicks()} of them). */
    public void tick() {
        tick(now + 1);
    }

    /**
     * Sets the group clock to the node's tick {@code nodeTick} before a message is handled, so a
     * replica that is not ticked while nothing is due still measures time right.
     */
    public void clock(long nodeTick) {
        now = Math.max(now, nodeTick);
    }

    /**
     * The node tick at which this replica next has something to do: a follower's election
     * timeout, a leader's next heartbeat; never while quiescent. Ticking it earlier is harmless.
     */
    public long nextDueTick() {
        if (quiescent) {
            return Long.MAX_VALUE;
        }
        if (role == Role.LEADER) {
            long hb = config.heartbeatTicks();
            return (now / hb + 1) * hb;
        }
        return promotable() ? electionStart + randomizedTimeout : now + config.electionTicks();
    }

    /**
     * Tick number {@code nodeTick} of the node's group clock. A leader sends heartbeats on the ticks
     * that are multiples of {@link RaftConfig#heartbeatTicks()}, so all the groups a node leads
     * send theirs together and they travel coalesced, one message per node pair.
     */
    public void tick(long nodeTick) {
        now = Math.max(now, nodeTick);
        if (quiescent) {
            return;
        }
        if (role == Role.LEADER) {
            tickLeader(nodeTick % config.heartbeatTicks() == 0);
        } else if (promotable() && now - electionStart >= randomizedTimeout) {
            electionStart = now;
            election.campaign(true, false);
        }
    }

    private void tickLeader(boolean heartbeatPhase) {
        if (now - electionStart >= config.electionTicks()) {
            electionStart = now;
            if (!tracker.quorumActive(conf)) {
                becomeFollower(term, null);
                return;
            }
            transferee = null;
        }
        tracker.retrySnapshots();
        if (heartbeatPhase) {
            tracker.broadcastHeartbeat(false);
        }
    }

    // ---- messages ---------------------------------------------------------------------------

    /** Handles one message from member {@code from}. Malformed or stale messages are dropped and counted. */
    public void step(Member from, RaftMessage m) {
        if (m == null || !m.wellFormed() || from == null || from.equals(self)) {
            dropped++;
            return;
        }
        if (quiescent && !(m instanceof Heartbeat h && h.quiesce()) && !lateHeartbeatAnswer(m)) {
            wake();
        }
        long mt = m.term();
        if (mt > term) {
            if (m instanceof Vote v) {
                // A leader is always in its lease: an idle one is ticked seldom, so its clock may
                // be old, but it steps down by CheckQuorum, not by granting votes.
                boolean inLease = role == Role.LEADER
                        || lead != null && now - electionStart < config.electionTicks();
                if (!v.transfer() && inLease) {
                    dropped++;
                    return;
                }
            }
            boolean keepTerm = (m instanceof Vote v && v.pre()) || (m instanceof VoteResponse r && r.pre() && r.granted());
            if (!keepTerm) {
                boolean fromLeader = m instanceof Append || m instanceof Heartbeat || m instanceof InstallSnapshot;
                becomeFollower(mt, fromLeader ? from : null);
            }
        } else if (mt < term) {
            if (m instanceof Append || m instanceof Heartbeat) {
                // A stale leader (partitioned, or its term fell behind): tell it the current term.
                host.send(from, new AppendResponse(term, 0, true, 0, 0));
            } else if (m instanceof Vote v && v.pre()) {
                host.send(from, new VoteResponse(term, true, false));
            }
            dropped++;
            return;
        }
        if (m instanceof Vote v) {
            election.onVote(from, v);
            return;
        }
        if (role == Role.LEADER) {
            stepLeader(from, m);
        } else if (role == Role.FOLLOWER) {
            following.step(from, m);
        } else {
            election.step(from, m);
        }
    }

    /**
     * An answer of this term, within two heartbeat periods of the quiesce, to a heartbeat a
     * quiescent leader sent before it went quiet (answers travel with the follower's next batch of
     * beats, so they often arrive after the quiesce): it says nothing new and must not wake the
     * group, or an idle group would never stay quiet. Later answers are a follower waking its leader.
     */
    private boolean lateHeartbeatAnswer(RaftMessage m) {
        return role == Role.LEADER && m instanceof HeartbeatResponse && m.term() == term
                && now - quiescedAt <= 2L * config.heartbeatTicks();
    }

    private void stepLeader(Member from, RaftMessage m) {
        Progress p = tracker.get(from);
        if (p == null) {
            dropped++;
            return;
        }
        p.recentActive = true;
        if (m instanceof AppendResponse r) {
            if (tracker.onAppendResponse(from, p, r, conf)) {
                afterCommit();
            }
        } else if (m instanceof HeartbeatResponse) {
            tracker.onHeartbeatResponse(from, p);
        } else {
            dropped++;
        }
    }

    private void maybeCommit() {
        if (tracker.maybeCommit(conf)) {
            afterCommit();
        }
    }

    /** A leader that removed itself steps down once the change is committed (dissertation, Sect. 4.2.2). */
    private void afterCommit() {
        if (!conf.contains(self) && log.committed() >= log.latestConfigIndex()) {
            becomeFollower(term, null);
        }
    }

    // ---- role changes -------------------------------------------------------------------------

    boolean promotable() {
        return conf.contains(self);
    }

    void becomeFollower(long newTerm, Member leader) {
        if (newTerm != term) {
            term = newTerm;
            vote = null;
            lastLead = null;
        }
        role = Role.FOLLOWER;
        lead = leader;
        electionStart = now;
        transferee = null;
        quiescent = false;
        tracker.clear();
        resetTimeout();
        host.roleChanged(role, term, lead);
    }

    void becomeLeader(boolean snapshotFollowers) {
        role = Role.LEADER;
        lead = self;
        lastLead = null;
        transferee = null;
        quiescent = false;
        electionStart = now;
        tracker.clear();
        tracker.sync(conf);
        host.roleChanged(role, term, self);
        // The entry that lets this term commit; no configuration change until it is committed
        // (the fix for single-server changes across leader changes, dissertation errata).
        Entry noop = Entry.noop(term, log.lastIndex() + 1);
        log.append(noop);
        pendingConfIndex = noop.index();
        if (snapshotFollowers) {
            tracker.snapshotAll();
        } else {
            tracker.sendAppends(true);
        }
        maybeCommit();
    }

    void resetTimeout() {
        randomizedTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }
}
