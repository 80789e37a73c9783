package org.vigne.sim.churn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A churn trace: CSV lines {@code seconds,node,up|down|leave}, where {@code node} is any label.
 * {@code up} brings the labelled node up (a label seen before returns with its id), {@code down}
 * crashes it, {@code leave} makes it leave gracefully. Blank lines and lines starting with # are
 * skipped. Times are relative to the end of the initial network build.
 */
public record ChurnTrace(List<Event> events) {

    /** What a trace line asks for. */
    public enum Action { UP, DOWN, LEAVE }

    /** One line of a trace. */
    public record Event(long atMs, String node, Action action) {
    }

    /** Reads and validates a trace file; errors name the file and line. */
    public static ChurnTrace load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read churn trace " + file + ": " + e.getMessage());
        }
        return parse(lines, file.toString());
    }

    /** Parses trace lines; {@code source} names them in errors. */
    public static ChurnTrace parse(List<String> lines, String source) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 3) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected seconds,node,up|down|leave");
            }
            double seconds;
            try {
                seconds = Double.parseDouble(f[0].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": \"" + f[0] + "\" is not a number of seconds");
            }
            if (seconds < 0) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": negative time");
            }
            Action a = switch (f[2].trim()) {
                case "up" -> Action.UP;
                case "down" -> Action.DOWN;
                case "leave" -> Action.LEAVE;
                default -> throw new IllegalArgumentException(source + ":" + (i + 1) + ": action must be up, down or leave");
            };
            events.add(new Event(Math.round(seconds * 1000), f[1].trim(), a));
        }
        events.sort(Comparator.comparingLong(Event::atMs));
        return new ChurnTrace(List.copyOf(events));
    }
}
