package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The timeline {@code vigne demo} prints: an application manager's events, in seconds since the
 * submission, with the demo's own kill -9 put in its place. Node clocks count from the wall
 * clock (see {@code NetNode.nowMs}), so the kill, stamped by the demo, lines up with the events
 * the managers stamped.
 */
final class DemoTimeline {
    private DemoTimeline() {
    }

    static String format(JsonNode events, long killedAtMs, String victim, long pid) {
        StringBuilder b = new StringBuilder();
        long t0 = events.path(0).path("timeMs").asLong();
        boolean killShown = false;
        for (JsonNode e : events) {
            long t = e.path("timeMs").asLong();
            if (!killShown && t >= killedAtMs) {
                line(b, killedAtMs - t0, "KILL -9", "node " + victim + " (pid " + pid + ")");
                killShown = true;
            }
            line(b, t - t0, e.path("type").asText().toLowerCase(Locale.ROOT), describe(e));
        }
        if (!killShown) {
            line(b, killedAtMs - t0, "KILL -9", "node " + victim + " (pid " + pid + ")");
        }
        return b.toString();
    }

    private static String describe(JsonNode e) {
        StringBuilder d = new StringBuilder();
        if (e.path("component").asInt(-1) >= 0) {
            d.append("component ").append(e.path("component").asInt()).append(" incarnation ")
                    .append(e.path("incarnation").asInt());
        }
        if (!e.path("node").asText().isEmpty()) {
            d.append(" on ").append(e.path("node").asText());
        }
        if (!e.path("detail").asText().isEmpty()) {
            d.append(d.length() == 0 ? "" : ": ").append(e.path("detail").asText());
        }
        return d.toString();
    }

    private static void line(StringBuilder b, long ms, String what, String detail) {
        b.append(String.format(Locale.ROOT, "  %+8.3f s  %-13s %s%n", ms / 1000.0, what, detail));
    }
}
