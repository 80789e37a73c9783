package org.vigne.sim.gcs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.vigne.core.Message;
import org.vigne.gcs.GcsMessage;
import org.vigne.overlay.OverlayMessage;

/**
 * Group communication's messages counted by type, so a run says where its messages per commit go:
 * a log message by its body ({@code GroupRaft/Append}), a routed one by its payload
 * ({@code Route/Submit}), coalesced beats by whether they carry beats and a lease.
 */
final class MessageMix {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName();
        }
    };
    private static final ClassValue<String> RAFT = prefixed("GroupRaft/");
    private static final ClassValue<String> ROUTED = prefixed("Route/");

    /** Added to by every partition's thread. */
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    private static ClassValue<String> prefixed(String prefix) {
        return new ClassValue<>() {
            @Override
            protected String computeValue(Class<?> type) {
                return prefix + type.getSimpleName();
            }
        };
    }

    /** Counts one message. */
    void add(Message m) {
        counts.computeIfAbsent(typeOf(m), k -> new LongAdder()).increment();
    }

    static String typeOf(Message m) {
        if (m instanceof GcsMessage.GroupRaft g) {
            return RAFT.get(g.body().getClass());
        }
        if (m instanceof OverlayMessage.Route r) {
            return ROUTED.get(r.payload().getClass());
        }
        if (m instanceof GcsMessage.Beats b) {
            return b.beats().isEmpty() ? (b.lease() ? "Beats/lease-only" : "Beats/empty-answer")
                    : b.lease() ? "Beats/lease-with-beats" : "Beats/answers";
        }
        return NAMES.get(m.getClass());
    }

    /** Messages of each type per acknowledged command, most frequent first. */
    Map<String, Double> perCommit(long acked) {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        counts.forEach((k, v) -> all.add(Map.entry(k, v.sum())));
        all.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : all) {
            out.put(e.getKey(), acked == 0 ? 0 : Math.round(1000.0 * e.getValue() / acked) / 1000.0);
        }
        return out;
    }
}
