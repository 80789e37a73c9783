package org.vigne.gcs.raft;

import java.util.HashSet;
import java.util.Set;
import org.vigne.gcs.raft.RaftMessage.Append;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;
import org.vigne.gcs.raft.RaftMessage.InstallSnapshot;
import org.vigne.gcs.raft.RaftMessage.Vote;
import org.vigne.gcs.raft.RaftMessage.VoteResponse;

/**
 * Elections of one replica (Raft, Sect. 5.2 and 5.4.1, with the dissertation's PreVote): the
 * campaign, the votes it casts for others, and the count of the votes it asks for.
 */
final class Election {
    private final RaftReplica r;
    private final Set<Member> granted = new HashSet<>();
    private final Set<Member> rejected = new HashSet<>();

    Election(RaftReplica r) {
        this.r = r;
    }

    /** One vote per term, and only for a log at least as up to date as this one. */
    void onVote(Member from, Vote v) {
        boolean canVote = from.equals(r.vote) || (r.vote == null && r.lead == null) || (v.pre() && v.term() > r.term);
        if (canVote && r.log.isUpToDate(v.lastIndex(), v.lastTerm())) {
            r.host.send(from, new VoteResponse(v.term(), v.pre(), true));
            if (!v.pre()) {
                r.electionStart = r.now;
                r.vote = from;
            }
        } else {
            r.host.send(from, new VoteResponse(r.term, v.pre(), false));
        }
    }

    /**
     * A (pre-)campaign: a pre-candidate asks whether it would win term + 1 without changing its
     * term; a candidate bumps its term and votes for itself. {@code transfer}: the leader asked for
     * it, so voters ignore their leases.
     */
    void campaign(boolean pre, boolean transfer) {
        if (!r.promotable()) {
            return;
        }
        long voteTerm;
        if (pre) {
            r.role = Role.PRE_CANDIDATE;
            if (r.lead != null) {
                r.lastLead = r.lead;
            }
            r.lead = null;
            voteTerm = r.term + 1;
        } else {
            r.term++;
            r.vote = r.self;
            r.lead = null;
            r.lastLead = null;
            r.role = Role.CANDIDATE;
            voteTerm = r.term;
        }
        granted.clear();
        rejected.clear();
        granted.add(r.self);
        r.resetTimeout();
        r.host.roleChanged(r.role, r.term, null);
        if (count(granted) >= r.conf.quorum()) {
            if (pre) {
                campaign(false, transfer);
            } else {
                r.becomeLeader(false);
            }
            return;
        }
        Vote v = new Vote(voteTerm, pre, transfer, r.log.lastIndex(), r.log.lastTerm());
        for (Member m : r.conf.voters()) {
            if (!m.equals(r.self)) {
                r.host.send(m, v);
            }
        }
    }

    /** A message to a (pre-)candidate: a leader of its term makes it follow; answers are counted. */
    void step(Member from, RaftMessage m) {
        if (m instanceof Append || m instanceof Heartbeat || m instanceof InstallSnapshot) {
            r.becomeFollower(r.term, from);
            r.following.step(from, m);
            return;
        }
        if (!(m instanceof VoteResponse resp) || resp.pre() != (r.role == Role.PRE_CANDIDATE)) {
            r.dropped++;
            return;
        }
        if (resp.granted()) {
            granted.add(from);
        } else {
            rejected.add(from);
        }
        int quorum = r.conf.quorum();
        if (count(granted) >= quorum) {
            if (r.role == Role.PRE_CANDIDATE) {
                campaign(false, false);
            } else {
                r.becomeLeader(false);
            }
        } else if (count(rejected) >= quorum || r.conf.voters().size() - count(rejected) < quorum) {
            r.becomeFollower(r.term, null);
        }
    }

    private int count(Set<Member> votes) {
        int n = 0;
        for (Member m : votes) {
            if (r.conf.contains(m)) {
                n++;
            }
        }
        return n;
    }
}
