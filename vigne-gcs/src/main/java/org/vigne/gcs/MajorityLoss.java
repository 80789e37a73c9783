package org.vigne.gcs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.RecoveryProbe;
import org.vigne.gcs.GcsMessage.RecoveryState;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.EntryKind;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.RaftReplica;
import org.vigne.gcs.raft.Snapshot;

/**
 * What a member does when a majority of its group's configuration is gone: declared dead by the
 * overlay, or vanished (the member's node answered that it holds no replica of that member: it
 * restarted and lost its state, or dropped the group). Such a group can never commit again (its
 * members do not come back; a returning node is a new member), so after
 * {@link GcsConfig#recoveryGraceMs()} the survivors compare their logs, and the one with the most
 * advanced log (then the lowest node id) rebuilds the group from its state: a new
 * generation whose members are the survivors, a {@link EntryKind#RECOVERY} entry that tells every
 * state machine commands may have been lost, and the commands of its log that it had not applied,
 * proposed again (client sessions keep those already applied from applying twice). Never silent:
 * the rebuild is counted, observed and applied by every replica.
 *
 * <p>Before rebuilding, the survivor also probes the nodes where the group should live (the key's
 * replica set): a replica there of the same generation that still sees a quorum alive and follows
 * a leader means the group went on without this replica (a stale view of the configuration), and
 * nothing is rebuilt.
 *
 * <p>Safety rests on the overlay's verdict. A majority declared dead wrongly (a partition, not
 * crashes) would leave two generations running; the grace period makes that unlikely, and when the
 * two meet the newer generation wins and the older one's replicas give way.
 */
final class MajorityLoss {
    /** An answer's last index when the replica sees a quorum of its configuration alive and has a leader. */
    static final long QUORUM = -1;
    /** An answer's last index when the replica sees a quorum of its configuration alive but has no leader. */
    static final long QUORUM_NO_LEADER = -2;
    /** How long a survivor waits for the answers to its probe. */
    private static final long PROBE_WAIT_MS = 2_000;

    private record Answer(NodeHandle node, long lastIndex, long lastTerm) {
    }

    private final GroupReplica g;
    private long lostSinceMs = -1;
    /** When the answers to the current probe are due, or -1 when not probing. */
    private long probeDueMs = -1;
    private final Map<Long, Answer> answers = new LinkedHashMap<>();
    private int cachedEpoch = -1;
    private Configuration cachedConfig;
    private boolean cachedLost;
    private final Set<Long> probed = new LinkedHashSet<>();
    /** Members whose node said it holds no replica of them: gone for good. */
    private final Set<Long> vanished = new HashSet<>();

    MajorityLoss(GroupReplica g) {
        this.g = g;
    }

    /**
     * {@code member}'s node answered that it holds no replica of that member (of this generation):
     * the member lost its state or left, and never comes back.
     */
    void vanished(long member) {
        if (member != g.self().id() && g.config().byId(member) != null && vanished.add(member)) {
            cachedConfig = null;
        }
    }

    private boolean gone(Member m) {
        return vanished.contains(m.id()) || g.ctx.departed(m.node().id());
    }

    /** True when this replica sees fewer than a quorum of its configuration alive. */
    boolean majorityLost() {
        if (cachedEpoch == g.ctx.departedEpoch && cachedConfig == g.config()) {
            return cachedLost;
        }
        cachedEpoch = g.ctx.departedEpoch;
        cachedConfig = g.config();
        cachedLost = countLost();
        return cachedLost;
    }

    private boolean countLost() {
        Configuration c = g.config();
        if (!c.contains(g.self())) {
            return false;
        }
        int live = 0;
        for (Member m : c.voters()) {
            if (m.equals(g.self()) || !gone(m)) {
                live++;
            }
        }
        return live < c.quorum();
    }

    void tick() {
        if (!majorityLost()) {
            lostSinceMs = -1;
            probeDueMs = -1;
            return;
        }
        long now = g.ctx.nowMs();
        if (lostSinceMs < 0) {
            lostSinceMs = now;
        }
        if (probeDueMs >= 0) {
            if (now >= probeDueMs) {
                probeDueMs = -1;
                decide();
            }
        } else if (now - lostSinceMs >= g.ctx.config.recoveryGraceMs()) {
            startProbe();
        }
    }

    private void startProbe() {
        answers.clear();
        probed.clear();
        probeDueMs = g.ctx.nowMs() + PROBE_WAIT_MS;
        RecoveryProbe probe = new RecoveryProbe(g.id.kind(), g.id.key(), g.generation, g.self().id());
        Set<NodeHandle> sent = new HashSet<>();
        for (Member m : g.config().voters()) {
            if (!m.equals(g.self()) && !gone(m)) {
                probed.add(m.id());
                sent.add(m.node());
                g.ctx.send(m.node(), probe);
            }
        }
        // Where the group should live: a replica there that still sees a quorum stops the rebuild.
        for (NodeHandle n : g.members.target()) {
            if (!n.equals(g.ctx.self()) && sent.add(n)) {
                g.ctx.send(n, probe);
            }
        }
    }

    /**
     * Another survivor's answer. A later generation there means the group was rebuilt already (this
     * replica waits to be added to it); a member that still sees a quorum alive ({@link #QUORUM} or
     * {@link #QUORUM_NO_LEADER}) may yet elect a leader. Either way, no rebuild from here for now.
     * A replica outside this replica's configuration (asked because it is on the key's replica set)
     * stops the rebuild only when it follows a leader: the group went on without this replica; one
     * that sees a quorum in its own configuration but has no leader is behind (a configuration this
     * one has replaced) and can elect nobody, so it neither stops the rebuild nor joins it.
     */
    void onState(NodeHandle from, RecoveryState s) {
        if (probeDueMs < 0) {
            return;
        }
        boolean member = g.config().byId(s.member()) != null;
        boolean goesOn = s.lastIndex() == QUORUM || (member && s.lastIndex() == QUORUM_NO_LEADER);
        if (Generations.newer(s.generation(), g.generation) || (s.generation() == g.generation && goesOn)) {
            probeDueMs = -1;
            lostSinceMs = g.ctx.nowMs();
        } else if (s.generation() == g.generation && s.lastIndex() >= 0) {
            answers.put(s.member(), new Answer(from, s.lastIndex(), s.lastTerm()));
        }
    }

    /**
     * The answer this replica gives a survivor's probe: its log when it too sees the majority lost,
     * else {@link #QUORUM} (it follows or is a leader) or {@link #QUORUM_NO_LEADER} in place of the
     * last index.
     */
    RecoveryState answer() {
        if (majorityLost()) {
            return new RecoveryState(g.id.kind(), g.id.key(), g.generation, g.self().id(), g.raft.lastIndex(),
                    g.raft.lastTerm());
        }
        long seen = g.raft.leader() != null ? QUORUM : QUORUM_NO_LEADER;
        return new RecoveryState(g.id.kind(), g.id.key(), g.generation, g.self().id(), seen, -1);
    }

    /**
     * Rebuilds here only if every survivor probed answered (or has since been declared dead), and
     * this replica's log is the most advanced of them all: survivors that see the same survivors
     * compute the same choice, so exactly one of them rebuilds.
     */
    private void decide() {
        for (long m : probed) {
            Member who = g.config().byId(m);
            if (!answers.containsKey(m) && who != null && !gone(who)) {
                startProbe();
                return;
            }
        }
        long myTerm = g.raft.lastTerm();
        long myIndex = g.raft.lastIndex();
        for (Answer a : answers.values()) {
            int c = Long.compare(a.lastTerm(), myTerm);
            if (c == 0) {
                c = Long.compare(a.lastIndex(), myIndex);
            }
            if (c == 0) {
                c = g.self().node().id().compareTo(a.node().id());
            }
            if (c > 0) {
                lostSinceMs = g.ctx.nowMs();
                return;
            }
        }
        rebuild();
    }

    /** Starts the next generation here, from this replica's applied state. */
    private void rebuild() {
        RaftReplica old = g.raft;
        long base = old.applied();
        List<Entry> tail = new ArrayList<>();
        for (long i = base + 1; i <= old.lastIndex(); i++) {
            Entry e = old.entry(i);
            if (e.kind() == EntryKind.COMMAND) {
                tail.add(e);
            }
        }
        List<Member> survivors = new ArrayList<>();
        Member self = new Member(g.ctx.self(), g.ctx.newMemberId());
        survivors.add(self);
        for (Answer a : answers.values()) {
            survivors.add(new Member(a.node(), g.ctx.newMemberId()));
        }
        Snapshot start = new Snapshot(base, old.termAt(base), Configuration.of(survivors), g.snapshotData());
        long parent = g.generation;
        long generation = Generations.next(parent, g.ctx.self().id());
        RaftReplica next = new RaftReplica(g.ctx.config.raft(), self, start, g.ctx.env.random(), g);
        g.replaceLog(generation, next);
        g.ctx.counters.recoveries++;
        g.ctx.observer.rebuilt(g.id, generation, parent, self, base);
        next.leadNewGroup(old.term() + 1);
        g.proposeInternal(new Entry(0, 0, EntryKind.RECOVERY, ByteBuffer.allocate(8).putLong(base).array(), 0, 0, 0,
                null));
        for (Entry e : tail) {
            g.proposeInternal(Entry.command(0, 0, e.data(), e.clientId(), e.seq()));
        }
        lostSinceMs = -1;
        answers.clear();
        vanished.clear();
    }
}
