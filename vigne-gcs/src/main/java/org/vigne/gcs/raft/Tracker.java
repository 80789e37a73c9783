package org.vigne.gcs.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.gcs.raft.RaftMessage.Append;
import org.vigne.gcs.raft.RaftMessage.AppendResponse;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;
import org.vigne.gcs.raft.RaftMessage.InstallSnapshot;
import org.vigne.gcs.raft.RaftMessage.TimeoutNow;

/**
 * A leader's replication to its followers and learners (etcd's tracker package): one
 * {@link Progress} per member, what to send each of them, and the commit rule. Lives only while
 * its replica leads; cleared on every role change.
 */
final class Tracker {
    private final RaftReplica r;
    private final RaftLog log;
    private final RaftHost host;
    private final RaftConfig config;
    private final Map<Member, Progress> progress = new LinkedHashMap<>();
    /** The same records by member id, for the lookups of every answer (a short scan reads two arrays, not a hash chain). */
    private long[] ids = new long[0];
    private Progress[] records = new Progress[0];
    private long lastSnapshotTick = -1;

    Tracker(RaftReplica r, RaftLog log, RaftHost host, RaftConfig config) {
        this.r = r;
        this.log = log;
        this.host = host;
        this.config = config;
    }

    void clear() {
        progress.clear();
        reindex();
    }

    private void reindex() {
        int n = progress.size();
        ids = new long[n];
        records = new Progress[n];
        int i = 0;
        for (Map.Entry<Member, Progress> e : progress.entrySet()) {
            ids[i] = e.getKey().id();
            records[i++] = e.getValue();
        }
    }

    Progress get(Member m) {
        long id = m.id();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return records[i];
            }
        }
        return null;
    }

    boolean tracks(Member m) {
        return get(m) != null;
    }

    /** True when a member tracked here does not hold the whole log yet. */
    boolean anyBehind() {
        for (Progress p : progress.values()) {
            if (p.match < log.lastIndex()) {
                return true;
            }
        }
        return false;
    }

    long matchOf(Member m) {
        Progress p = get(m);
        return p == null ? -1 : p.match;
    }

    /** Progress records for exactly the voters (but the leader) and the learners still catching up. */
    void sync(Configuration conf) {
        for (Member m : conf.voters()) {
            if (!m.equals(r.self())) {
                Progress p = progress.get(m);
                if (p == null) {
                    progress.put(m, new Progress(log.lastIndex() + 1, false));
                } else {
                    p.learner = false;
                }
            }
        }
        progress.entrySet().removeIf(e -> !e.getValue().learner && !conf.contains(e.getKey()));
        reindex();
    }

    void addLearner(Member m) {
        Progress p = new Progress(log.lastIndex() + 1, true);
        progress.put(m, p);
        reindex();
        sendSnapshot(m, p);
    }

    void removeLearner(Member m) {
        Progress p = progress.get(m);
        if (p != null && p.learner) {
            progress.remove(m);
            reindex();
        }
    }

    /** Sends every member the entries it lacks (after a proposal); {@code evenEmpty}: probes too. */
    void sendAppends(boolean evenEmpty) {
        for (Map.Entry<Member, Progress> e : new ArrayList<>(progress.entrySet())) {
            sendAppend(e.getKey(), e.getValue(), evenEmpty);
        }
    }

    void sendAppend(Member to, Progress p, boolean evenEmpty) {
        if (p.state == Progress.State.SNAPSHOT || (p.state == Progress.State.PROBE && p.paused)) {
            return;
        }
        long prev = p.next - 1;
        long prevTerm = log.term(prev);
        if (prevTerm < 0) {
            sendSnapshot(to, p);
            return;
        }
        List<Entry> ents = p.next <= log.lastIndex() ? log.slice(p.next, config.maxAppendBytes()) : List.of();
        if (ents.isEmpty() && !evenEmpty) {
            return;
        }
        host.send(to, new Append(r.term(), prev, prevTerm, ents, log.committed()));
        if (p.state == Progress.State.REPLICATE && !ents.isEmpty()) {
            p.next = ents.get(ents.size() - 1).index() + 1;
        } else if (p.state == Progress.State.PROBE) {
            p.paused = true;
        }
    }

    private void sendSnapshot(Member to, Progress p) {
        long at = log.applied();
        Snapshot s = new Snapshot(at, log.term(at), log.configAt(at), host.snapshotData());
        host.send(to, new InstallSnapshot(r.term(), s));
        p.becomeSnapshot(at, r.now());
        lastSnapshotTick = r.now();
    }

    /** Sends every member a snapshot of the applied state (a new or rebuilt group). */
    void snapshotAll() {
        for (Map.Entry<Member, Progress> e : progress.entrySet()) {
            sendSnapshot(e.getKey(), e.getValue());
        }
    }

    /** The tick at which this leader last sent a snapshot, or -1. */
    long snapshotSentTick() {
        return lastSnapshotTick;
    }

    /** Re-sends snapshots that were not acknowledged in time (once per tick). */
    void retrySnapshots() {
        for (Map.Entry<Member, Progress> e : progress.entrySet()) {
            Progress p = e.getValue();
            if (p.state == Progress.State.SNAPSHOT && r.now() - p.snapshotSentTick >= config.snapshotRetryTicks()) {
                sendSnapshot(e.getKey(), p);
            }
        }
    }

    void broadcastHeartbeat(boolean quiesce) {
        for (Map.Entry<Member, Progress> e : progress.entrySet()) {
            long commit = quiesce ? log.committed() : Math.min(e.getValue().match, log.committed());
            host.send(e.getKey(), new Heartbeat(r.term(), commit, quiesce));
        }
    }

    void markActive(Member m) {
        Progress p = get(m);
        if (p != null) {
            p.recentActive = true;
        }
    }

    /** Every member is active for the next quorum check (after the group wakes up). */
    void markAllActive() {
        for (Progress p : progress.values()) {
            p.recentActive = true;
        }
    }

    /** CheckQuorum: did a quorum of {@code conf} answer since the last check? Starts a new period. */
    boolean quorumActive(Configuration conf) {
        int active = conf.contains(r.self()) ? 1 : 0;
        for (Map.Entry<Member, Progress> e : progress.entrySet()) {
            if (conf.contains(e.getKey()) && e.getValue().recentActive) {
                active++;
            }
            e.getValue().recentActive = false;
        }
        return active >= conf.quorum();
    }

    Set<Member> recentlyActive() {
        Set<Member> out = new HashSet<>();
        out.add(r.self());
        progress.forEach((m, p) -> {
            if (p.recentActive) {
                out.add(m);
            }
        });
        return out;
    }

    /** True when every tracked member holds the whole log. */
    boolean allMatch() {
        for (Progress p : progress.values()) {
            if (p.match != log.lastIndex()) {
                return false;
            }
        }
        return true;
    }

    void onHeartbeatResponse(Member from, Progress p) {
        p.paused = false;
        if (p.match < log.lastIndex() && p.state != Progress.State.SNAPSHOT) {
            if (p.state == Progress.State.REPLICATE && ++p.stalled >= 2) {
                p.becomeProbe();
            }
            sendAppend(from, p, false);
        }
    }

    /** A follower's answer to an append or a snapshot. Returns true when the commit index moved. */
    boolean onAppendResponse(Member from, Progress p, AppendResponse resp, Configuration conf) {
        if (resp.reject()) {
            long hint = resp.rejectHint();
            if (resp.hintTerm() > 0) {
                hint = log.findConflictByTerm(hint, resp.hintTerm());
            }
            if (p.maybeDecrTo(resp.index(), hint)) {
                if (p.state == Progress.State.REPLICATE) {
                    p.becomeProbe();
                }
                sendAppend(from, p, true);
            }
            return false;
        }
        boolean progressed = p.maybeUpdate(resp.index());
        if (p.state == Progress.State.PROBE) {
            p.becomeReplicate();
        } else if (p.state == Progress.State.SNAPSHOT && p.match >= p.pendingSnapshot) {
            p.becomeProbe();
            p.becomeReplicate();
        }
        boolean committed = progressed && maybeCommit(conf);
        if (p.next <= log.lastIndex()) {
            sendAppend(from, p, false);
        }
        if (from.equals(r.transferee()) && p.match == log.lastIndex()) {
            host.send(from, new TimeoutNow(r.term()));
        }
        return committed;
    }

    /** Raft's commit rule: the highest index a quorum of {@code conf} holds, if that entry is of this term. */
    boolean maybeCommit(Configuration conf) {
        long[] matches = new long[conf.voters().size()];
        int k = 0;
        for (Member m : conf.voters()) {
            Progress p = get(m);
            matches[k++] = m.equals(r.self()) ? log.lastIndex() : p == null ? 0 : p.match;
        }
        Arrays.sort(matches);
        long q = matches[matches.length - conf.quorum()];
        if (q > log.committed() && committable(q)) {
            log.commitTo(q);
            return true;
        }
        return false;
    }

    /** Figure 8: entries of an earlier term are never committed by counting replicas, only through a later one. */
    private boolean committable(long index) {
        return log.term(index) == r.term();
    }
}
