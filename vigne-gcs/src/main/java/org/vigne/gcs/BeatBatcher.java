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
 * Coalesces the heartbeats of all groups, and their answers, into one message per node pair and
 * heartbeat period (CockroachDB's coalesced heartbeats). Heartbeats are sent at the end of the
 * tick or handler that made them, one message per destination; answers wait for this node's next
 * heartbeat tick and travel with its own heartbeats to that node, or alone then: they only feed a
 * leader's check that a quorum is still there, which spans two periods. An urgent answer (a
 * follower waking its quiescent leader) leaves at once.
 */
final class BeatBatcher {
    private final Env env;
    private final Map<NodeHandle, List<Beat>> beats = new LinkedHashMap<>();
    private final Map<NodeHandle, List<Beat>> answers = new LinkedHashMap<>();

    BeatBatcher(Env env) {
        this.env = env;
    }

    void heartbeat(NodeHandle to, Beat b) {
        beats.computeIfAbsent(to, k -> new ArrayList<>()).add(b);
    }

    void answer(NodeHandle to, Beat b, boolean urgent) {
        (urgent ? beats : answers).computeIfAbsent(to, k -> new ArrayList<>()).add(b);
    }

    /** True while answers wait for the next heartbeat tick. */
    boolean holding() {
        return !answers.isEmpty();
    }

    /** Sends the heartbeats made since the last flush, with the answers owed to the same nodes. */
    void flush() {
        if (beats.isEmpty()) {
            return;
        }
        for (Map.Entry<NodeHandle, List<Beat>> e : beats.entrySet()) {
            List<Beat> owed = answers.remove(e.getKey());
            List<Beat> all = e.getValue();
            if (owed != null) {
                all.addAll(owed);
            }
            env.send(e.getKey(), new Beats(List.copyOf(all)));
        }
        beats.clear();
    }

    /** This node's heartbeat tick: sends every answer still waiting. */
    void flushAnswers() {
        for (Map.Entry<NodeHandle, List<Beat>> e : answers.entrySet()) {
            env.send(e.getKey(), new Beats(List.copyOf(e.getValue())));
        }
        answers.clear();
    }
}
