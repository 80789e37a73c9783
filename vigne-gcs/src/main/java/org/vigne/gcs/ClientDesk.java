package org.vigne.gcs;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.GcsMessage.SubmitReply;
import org.vigne.gcs.SubmitResult.Status;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/**
 * A replica's desk for client commands. As leader it answers retries of applied commands from
 * the client sessions, appends new ones and keeps who waits for each, answering once the command
 * is applied; as follower it forwards commands to its leader, or holds a few while no leader is
 * known. Waiting answers are dropped when leadership is lost (the client retries).
 */
final class ClientDesk {
    private record ClientSeq(long client, long seq) {
    }

    private record Waiter(NodeHandle origin, long index, long expiresMs) {
    }

    private final GroupReplica g;
    private final GcsContext ctx;
    private final Map<ClientSeq, Waiter> waiters = new HashMap<>();
    private final ArrayDeque<Submit> buffered = new ArrayDeque<>();
    /** The creator's answer, sent once entry {@code creation.index()} is applied (leader only). */
    private Waiter creation;
    private ClientSeq creationKey;

    ClientDesk(GroupReplica g) {
        this.g = g;
        this.ctx = g.ctx;
    }

    /** True when no client waits for an answer here. */
    boolean idle() {
        return waiters.isEmpty() && creation == null;
    }

    void onSubmit(Submit s) {
        if (s.create()) {
            onCreate(s);
        } else if (g.isLeader()) {
            propose(s);
        } else {
            // A quiet group wakes: if its leader is alive it resumes heartbeats, else an election follows.
            g.wake();
            if (g.raft.leader() != null && !g.raft.leader().equals(g.self())) {
                if (s.forwards() < 8) {
                    ctx.send(g.raft.leader().node(), new Submit(s.kind(), s.key(), s.clientId(), s.seq(), s.command(),
                            false, s.origin(), s.forwards() + 1));
                }
            } else if (buffered.size() < ctx.config.maxPendingPerGroup()) {
                buffered.add(s);
            }
        }
    }

    /**
     * A creation reached a group that exists. The creator's own retry (its first answer was lost
     * or late) gets the answer its first attempt gets, so it never reads its own group as someone
     * else's; any other creator is told the group exists. Only the leader knows which creation
     * started its group, so a follower passes creations on to its leader.
     */
    private void onCreate(Submit s) {
        Member leader = g.raft.leader();
        if (!g.isLeader() && leader != null && s.forwards() < 8) {
            ctx.send(leader.node(), new Submit(s.kind(), s.key(), s.clientId(), s.seq(), s.command(), true, s.origin(),
                    s.forwards() + 1));
        } else if (!new ClientSeq(s.clientId(), s.seq()).equals(creationKey) || !g.isLeader()) {
            reply(s.origin(), s.clientId(), s.seq(), Status.EXISTS, null, 0, "group exists");
        } else if (s.command().length > 0) {
            propose(s);
        } else if (creation != null) {
            creation = new Waiter(s.origin(), creation.index(), ctx.nowMs() + ctx.config.submitTimeoutMs());
        } else {
            reply(s.origin(), s.clientId(), s.seq(), Status.OK, null, g.raft.committed(), "");
        }
    }

    private void propose(Submit s) {
        ClientSeq key = new ClientSeq(s.clientId(), s.seq());
        Sessions.Verdict v = g.sessions.check(s.clientId(), s.seq());
        if (v == Sessions.Verdict.DUPLICATE) {
            ctx.counters.retriesAnswered++;
            reply(s.origin(), s.clientId(), s.seq(), Status.OK, g.sessions.result(s.clientId(), s.seq()), 0, "");
            return;
        }
        if (v == Sessions.Verdict.TOO_OLD) {
            reply(s.origin(), s.clientId(), s.seq(), Status.UNAVAILABLE, null, 0, "command older than its session's window");
            return;
        }
        Waiter w = waiters.get(key);
        if (w != null) {
            waiters.put(key, new Waiter(s.origin(), w.index(), ctx.nowMs() + ctx.config.submitTimeoutMs()));
            return;
        }
        if (waiters.size() >= ctx.config.maxPendingPerGroup()) {
            reply(s.origin(), s.clientId(), s.seq(), Status.UNAVAILABLE, null, 0, "too many commands pending");
            return;
        }
        long index = g.proposeStamped(Entry.command(0, 0, s.command(), s.clientId(), s.seq()));
        if (index > 0) {
            ctx.counters.proposals++;
            waiters.put(key, new Waiter(s.origin(), index, ctx.nowMs() + ctx.config.submitTimeoutMs()));
        }
    }

    /** The creator of the group asked for {@code s.command()} as its first command; answer once applied. */
    void created(Submit s) {
        creationKey = new ClientSeq(s.clientId(), s.seq());
        if (s.command().length > 0) {
            propose(s);
        } else {
            creation = new Waiter(s.origin(), g.raft.lastIndex(), ctx.nowMs() + ctx.config.submitTimeoutMs());
        }
    }

    /** Command (client, seq) was applied at {@code index} (or answered from the sessions): answer its waiter. */
    void applied(long client, long seq, long index, Status status, byte[] result) {
        Waiter w = waiters.remove(new ClientSeq(client, seq));
        if (w != null) {
            reply(w.origin(), client, seq, status, result, index, "");
        }
    }

    /** Entry {@code index} was applied: the creator waits for it? */
    void appliedTo(long index) {
        if (creation != null && creation.index() <= index) {
            reply(creation.origin(), creationKey.client(), creationKey.seq(), Status.OK, null, index, "");
            creation = null;
        }
    }

    void expire() {
        if (!waiters.isEmpty()) {
            long now = ctx.nowMs();
            waiters.values().removeIf(w -> w.expiresMs() < now);
        }
    }

    void tookOver() {
        while (!buffered.isEmpty() && g.isLeader()) {
            propose(buffered.poll());
        }
    }

    void lostLeadership() {
        waiters.clear();
        creation = null;
        if (g.raft.leader() != null && !g.raft.leader().equals(g.self())) {
            while (!buffered.isEmpty()) {
                ctx.send(g.raft.leader().node(), buffered.poll());
            }
        }
    }

    void clear() {
        waiters.clear();
        buffered.clear();
    }

    void reply(NodeHandle to, long client, long seq, Status status, byte[] result, long index, String error) {
        NodeHandle leader = g.raft.leader() == null ? ctx.self() : g.raft.leader().node();
        ctx.send(to, new SubmitReply(g.id.kind(), g.id.key(), client, seq, status, result == null ? new byte[0] : result,
                index, g.generation, leader, error));
    }
}
