package org.vigne.gcs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
final class BeatBatcher {
    private final Env env;
    /** What leaves at the end of the current tick or handler, by destination; a lease when {@code leases} has it. */
    private final Map<NodeHandle, List<Beat>> now = new LinkedHashMap<>();
    private final java.util.Set<NodeHandle> leases = new java.util.HashSet<>();
    /** Answers owed, sent with this node's next message to their node or at its next heartbeat tick. */
    private final Map<NodeHandle, List<Beat>> owed = new LinkedHashMap<>();

    BeatBatcher(Env env) {
        this.env = env;
    }

    /** A group's heartbeat to a follower on {@code to}. */
    void heartbeat(NodeHandle to, Beat b) {
        list(now, to).add(b);
        leases.add(to);
    }

    /** This node leads active groups that {@code to} follows: it must hear from this node this period. */
    void lease(NodeHandle to) {
        list(now, to);
        leases.add(to);
    }

    /** A group's answer to its leader on {@code to}: with the next message there, or at once if urgent. */
    void answer(NodeHandle to, Beat b, boolean urgent) {
        list(urgent ? now : owed, to).add(b);
    }

    /** {@code to} sent this node a lease: it is owed a message (an answer, maybe empty) by the next heartbeat tick. */
    void owe(NodeHandle to) {
        list(owed, to);
    }

    private static List<Beat> list(Map<NodeHandle, List<Beat>> m, NodeHandle to) {
        return m.computeIfAbsent(to, k -> new ArrayList<>());
    }

    /** True while answers wait for the next heartbeat tick. */
    boolean holding() {
        return !owed.isEmpty();
    }

    /** Sends what was made since the last flush, with the answers owed to the same nodes. */
    void flush() {
        if (now.isEmpty()) {
            return;
        }
        for (Map.Entry<NodeHandle, List<Beat>> e : now.entrySet()) {
            List<Beat> all = e.getValue();
            List<Beat> answers = owed.remove(e.getKey());
            if (answers != null) {
                all.addAll(answers);
            }
            env.send(e.getKey(), new Beats(List.copyOf(all), leases.contains(e.getKey())));
        }
        now.clear();
        leases.clear();
    }

    /** This node's heartbeat tick: sends every answer still owed. */
    void flushAnswers() {
        for (Map.Entry<NodeHandle, List<Beat>> e : owed.entrySet()) {
            env.send(e.getKey(), new Beats(List.copyOf(e.getValue()), false));
        }
        owed.clear();
    }
}
