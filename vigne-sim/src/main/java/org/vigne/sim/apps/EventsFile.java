package org.vigne.sim.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code vigne sim apps --events FILE}: one JSON object per line for everything a modelled
 * instance did (start, checkpoint, exit, kill, failedToStart) and for every completion a manager
 * committed, so that a checker outside Vigne can count completions itself. Fields: {@code t}
 * (simulated ms), {@code event}, {@code app}, {@code component}, {@code incarnation}, {@code node}
 * (simulated node index), and {@code work} (ms of work done then) or {@code detail}.
 */
public final class EventsFile implements ExecutionEvent.Observer, AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final BufferedWriter out;
    private long lines;

    public EventsFile(Path file) {
        try {
            this.out = Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void event(ExecutionEvent e) {
        Map<String, Object> m = line(e.timeMs(), switch (e.type()) {
            case STARTED -> "start";
            case CHECKPOINTED -> "checkpoint";
            case EXITED -> "exit";
            case KILLED -> "kill";
            case FAILED_TO_START -> "failedToStart";
        }, e.instance().appId(), e.instance().component(), e.instance().incarnation(), e.node().port());
        m.put("work", e.workDoneMs());
        if (!e.detail().isEmpty()) {
            m.put("detail", e.detail());
        }
        write(m);
    }

    /** A completion the manager of {@code appId} committed (first copy only). */
    public void committed(AppsChecker.Committed c) {
        if (c.event().type() == org.vigne.apps.manager.ManagerEvent.Type.COMPLETED) {
            String node = c.event().node();
            int index = node.startsWith("sim:") ? Integer.parseInt(node.substring(4)) : -1;
            write(line(c.timeMs(), "completion", c.appId(), c.event().component(), c.event().incarnation(), index));
        }
    }

    private static Map<String, Object> line(long t, String event, String app, int component, int incarnation, int node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", t);
        m.put("event", event);
        m.put("app", app);
        m.put("component", component);
        m.put("incarnation", incarnation);
        m.put("node", node);
        return m;
    }

    private void write(Map<String, Object> m) {
        try {
            out.write(json.writeValueAsString(m));
            out.newLine();
            lines++;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
