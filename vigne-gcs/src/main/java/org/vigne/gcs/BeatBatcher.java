package org.vigne.gcs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vigne.core.Env;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.Beat;
import org.vigne.gcs.GcsMessage.Beats;

/**
 * Coalesces heartbeats per node pair (CockroachDB's coalesced heartbeats, taken one step further).
 * Once per heartbeat period a node that leads active groups on a peer sends that peer one
 * message: the {@link Beat}s of the groups whose heartbeat says something new (a commit index,
 * a term, going quiet) or is due for a refresh, and otherwise nothing but itself, a lease: "this
 * node is alive". The peer's followers of those groups take their leader's liveness from it. The
 * peer answers by its own next heartbeat tick, with its answers to the beats and, empty or not,
 * the message itself, which tells the leader's node that the peer is alive. An urgent beat (a
 * follower waking its quiescent leader) leaves at once.
 *
 * <p>What waits for a node waits in its {@link LeasePeer}; the lists below only keep the order in
 * which nodes were first given something, which is the order the messages leave in.
 */
final class BeatBatcher {
    /** Heartbeat periods between two empty answers to a node's leases. */
    static final int ANSWER_PERIODS = 2;

    private final Env env;
    private final NodeLeases peers;
    /** Nodes with beats or a lease to leave at the end of the current tick or handler. */
    private final List<LeasePeer> now = new ArrayList<>();
    /** Nodes owed answers, sent with this node's next message to them or at its next heartbeat tick; stale entries skipped. */
    private final List<LeasePeer> owed = new ArrayList<>();
    private int owing;
    private final int incarnation;

    BeatBatcher(Env env, NodeLeases peers, int incarnation) {
        this.env = env;
        this.peers = peers;
        this.incarnation = incarnation;
    }

    /** A group's heartbeat to a follower on {@code to}. */
    void heartbeat(NodeHandle to, Beat b) {
        LeasePeer p = peers.peer(to);
        listNow(p, to);
        p.now = add(p.now, b);
        p.lease = true;
    }

    /** This node leads active groups that {@code to} follows: it must hear from this node this period. */
    void lease(LeasePeer p, NodeHandle to) {
        listNow(p, to);
        p.lease = true;
    }

    /** This node leads active groups that {@code to} follows: it must hear from this node this period. */
    void lease(NodeHandle to) {
        lease(peers.peer(to), to);
    }

    /** A group's answer to its leader on {@code to}: with the next message there, or at once if urgent. */
    void answer(NodeHandle to, Beat b, boolean urgent) {
        LeasePeer p = peers.peer(to);
        if (urgent) {
            listNow(p, to);
            p.now = add(p.now, b);
        } else {
            listOwed(p, to);
            p.owed = add(p.owed, b);
        }
    }

    /** {@code to} sent this node a lease: it is owed a message (an answer, maybe empty) by the next heartbeat tick. */
    void owe(NodeHandle to) {
        listOwed(peers.peer(to), to);
    }

    private static List<Beat> add(List<Beat> list, Beat b) {
        List<Beat> out = list == null ? new ArrayList<>(4) : list;
        out.add(b);
        return out;
    }

    private void listNow(LeasePeer p, NodeHandle to) {
        if (!p.nowListed) {
            p.nowListed = true;
            now.add(p);
        }
        p.nowTo = to;
    }

    private void listOwed(LeasePeer p, NodeHandle to) {
        if (!p.owedListed) {
            p.owedListed = true;
            p.owedAt = owed.size();
            owed.add(p);
            owing++;
        }
        p.owedTo = to;
    }

    /** The beats of one message: the list itself, which nobody touches once it left. */
    private static List<Beat> sealed(List<Beat> beats) {
        return beats == null ? List.of() : Collections.unmodifiableList(beats);
    }

    /** True while answers wait for the next heartbeat tick. */
    boolean holding() {
        return owing > 0;
    }

    /** Sends what was made since the last flush, with the answers owed to the same nodes. */
    void flush() {
        if (now.isEmpty()) {
            return;
        }
        for (int i = 0; i < now.size(); i++) {
            LeasePeer p = now.get(i);
            List<Beat> all = p.now;
            if (p.owedListed) {
                if (p.owed != null) {
                    all = all == null ? p.owed : all;
                    if (all != p.owed) {
                        all.addAll(p.owed);
                    }
                }
                p.owedListed = false;
                p.owed = null;
                owing--;
            }
            env.send(p.nowTo, new Beats(sealed(all), p.lease, incarnation));
            p.nowListed = false;
            p.now = null;
            p.lease = false;
        }
        now.clear();
        if (owing == 0) {
            owed.clear();
        }
    }

    /**
     * This node's heartbeat tick: sends every answer still owed, but with {@code emptyToo} false
     * keeps the empty ones (a node's bare "alive") for the next heartbeat tick, unless a message to
     * their node takes them first: a leader needs its followers' liveness only for its quorum check,
     * which allows {@link #ANSWER_PERIODS} periods of silence, not for an election timeout.
     */
    void flushAnswers(boolean emptyToo) {
        int kept = 0;
        for (int i = 0; i < owed.size(); i++) {
            LeasePeer p = owed.get(i);
            if (!p.owedListed || p.owedAt != i) {
                continue;
            }
            if (!emptyToo && p.owed == null) {
                p.owedAt = kept;
                owed.set(kept++, p);
                continue;
            }
            env.send(p.owedTo, new Beats(sealed(p.owed), false, incarnation));
            p.owedListed = false;
            p.owed = null;
        }
        owed.subList(kept, owed.size()).clear();
        owing = kept;
    }
}
