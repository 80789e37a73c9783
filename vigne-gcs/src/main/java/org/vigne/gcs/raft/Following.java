package org.vigne.gcs.raft;

import java.util.List;
import org.vigne.gcs.raft.RaftMessage.Append;
import org.vigne.gcs.raft.RaftMessage.AppendResponse;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;
import org.vigne.gcs.raft.RaftMessage.HeartbeatResponse;
import org.vigne.gcs.raft.RaftMessage.InstallSnapshot;
import org.vigne.gcs.raft.RaftMessage.TimeoutNow;

/**
 * A follower's handling of its leader's messages (Raft, Sect. 5.3 and 7): appends checked for
 * log matching, heartbeats that carry the commit index (and may quiet the group), snapshots that
 * replace the log, and the leader's request to campaign at once.
 */
final class Following {
    private final RaftReplica r;

    Following(RaftReplica r) {
        this.r = r;
    }

    void step(Member from, RaftMessage m) {
        if (m instanceof Append a) {
            r.electionStart = r.now;
            follow(from);
            onAppend(from, a);
        } else if (m instanceof Heartbeat h) {
            r.electionStart = r.now;
            follow(from);
            r.log.commitTo(Math.min(h.commit(), r.log.lastIndex()));
            if (h.quiesce()) {
                r.quiescent = h.commit() == r.log.lastIndex() && r.log.committed() == r.log.lastIndex();
            } else {
                r.host.send(from, new HeartbeatResponse(r.term));
            }
        } else if (m instanceof InstallSnapshot s) {
            r.electionStart = r.now;
            follow(from);
            onSnapshot(from, s);
        } else if (m instanceof TimeoutNow) {
            r.election.campaign(false, true);
        } else {
            r.dropped++;
        }
    }

    private void follow(Member leader) {
        if (!leader.equals(r.lead)) {
            r.lead = leader;
            r.host.roleChanged(r.role, r.term, r.lead);
        }
    }

    private void onAppend(Member from, Append a) {
        RaftLog log = r.log;
        if (a.prevIndex() < log.committed()) {
            r.host.send(from, new AppendResponse(r.term, log.committed(), false, 0, 0));
            return;
        }
        boolean[] truncated = {false};
        long last = log.maybeAppend(a.prevIndex(), a.prevTerm(), a.entries(), truncated);
        if (last >= 0) {
            if (truncated[0] || hasConfig(a.entries())) {
                r.conf = log.latestConfig();
            }
            log.commitTo(Math.min(a.commit(), last));
            r.host.send(from, new AppendResponse(r.term, last, false, 0, 0));
        } else {
            long hint = log.findConflictByTerm(Math.min(a.prevIndex(), log.lastIndex()), a.prevTerm());
            r.host.send(from, new AppendResponse(r.term, a.prevIndex(), true, hint, Math.max(0, log.term(hint))));
        }
    }

    private static boolean hasConfig(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.kind() == EntryKind.CONFIG) {
                return true;
            }
        }
        return false;
    }

    private void onSnapshot(Member from, InstallSnapshot m) {
        Snapshot s = m.snapshot();
        // A replica created for this snapshot (a new member, a new group) has no configuration yet
        // and takes even an index-0 snapshot; any other ignores what it has committed already.
        if (s.index() <= r.log.committed() && !r.conf.voters().isEmpty()) {
            r.host.send(from, new AppendResponse(r.term, r.log.committed(), false, 0, 0));
            return;
        }
        r.log.restore(s);
        r.conf = r.log.latestConfig();
        r.host.restore(s);
        r.host.send(from, new AppendResponse(r.term, s.index(), false, 0, 0));
    }
}
