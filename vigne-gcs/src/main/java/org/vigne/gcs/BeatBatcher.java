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
 * Coalesces the heartbeats of all groups, and their answers, into one message per destination
 * node: groups add beats while a tick or a handler runs, and {@link #flush} sends the batches at
 * its end. A node leading many groups on the same neighbours pays one message per neighbour.
 */
final class BeatBatcher {
    private final Env env;
    private final Map<NodeHandle, List<Beat>> pending = new LinkedHashMap<>();

    BeatBatcher(Env env) {
        this.env = env;
    }

    void add(NodeHandle to, Beat b) {
        pending.computeIfAbsent(to, k -> new ArrayList<>()).add(b);
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<NodeHandle, List<Beat>> e : pending.entrySet()) {
            env.send(e.getKey(), new Beats(List.copyOf(e.getValue())));
        }
        pending.clear();
    }
}
