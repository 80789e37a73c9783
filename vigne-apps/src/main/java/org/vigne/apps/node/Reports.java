package org.vigne.apps.node;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.CommandCodec;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.core.Env;
import org.vigne.gcs.SubmitResult;

/**
 * The reports a host owes managers about its instances (start, checkpoint, end), sent through the
 * manager's group log in the order they happened, one at a time per instance, and re-sent until
 * the manager acknowledges them (an answer, whatever it says: a stale report is acknowledged too).
 * A report may wait for a file to be stored first (a checkpoint, outputs): it holds its place in
 * the line until then.
 */
final class Reports {
    /** Where reports go: a command to the manager of an application, completed once. */
    interface Channel {
        void submit(String appId, byte[] command, Consumer<SubmitResult> done);
    }

    /** One report: ready to send, or waiting for a store; dropped when its store fails for good. */
    static final class Report {
        ManagerCommand command;
        boolean dropped;
        /** Told the manager's answer once the report is acknowledged, or null. */
        Consumer<byte[]> onAnswer;

        /** The report is ready with {@code c}. */
        void ready(ManagerCommand c) {
            command = c;
        }

        /** The report will never be sent. */
        void drop() {
            dropped = true;
        }
    }

    private static final long MAX_RETRY_MS = 30_000;

    private final Env env;
    private final Channel channel;
    private final long retryMs;
    private final Map<InstanceId, ArrayDeque<Report>> lines = new HashMap<>();
    private final Map<InstanceId, Boolean> sending = new HashMap<>();
    private final Map<InstanceId, Runnable> whenDone = new HashMap<>();
    private long sent;
    private long retries;

    Reports(Env env, Channel channel, long retryMs) {
        this.env = env;
        this.channel = channel;
        this.retryMs = retryMs;
    }

    /** A report about {@code id} whose command is known now. */
    Report add(InstanceId id, ManagerCommand c) {
        Report r = new Report();
        r.ready(c);
        enqueue(id, r);
        return r;
    }

    /** A place in {@code id}'s line for a report whose command comes later ({@link #pump} once it is ready). */
    Report reserve(InstanceId id) {
        Report r = new Report();
        enqueue(id, r);
        return r;
    }

    /** Runs {@code done} once every report about {@code id} queued so far is acknowledged (the last was its end). */
    void afterLast(InstanceId id, Runnable done) {
        whenDone.put(id, done);
        pump(id);
    }

    private void enqueue(InstanceId id, Report r) {
        lines.computeIfAbsent(id, k -> new ArrayDeque<>()).addLast(r);
        pump(id);
    }

    /** Sends the head of {@code id}'s line if it is ready and nothing is in flight. */
    void pump(InstanceId id) {
        if (sending.containsKey(id)) {
            return;
        }
        ArrayDeque<Report> line = lines.get(id);
        while (line != null && !line.isEmpty() && line.peekFirst().dropped) {
            line.removeFirst();
        }
        if (line == null || line.isEmpty()) {
            lines.remove(id);
            Runnable done = whenDone.remove(id);
            if (done != null) {
                done.run();
            }
            return;
        }
        Report head = line.peekFirst();
        if (head.command != null) {
            send(id, head, retryMs);
        }
    }

    private void send(InstanceId id, Report r, long nextRetryMs) {
        sending.put(id, Boolean.TRUE);
        sent++;
        channel.submit(id.appId(), CommandCodec.encode(r.command), result -> {
            if (result.ok()) {
                sending.remove(id);
                if (r.onAnswer != null) {
                    r.onAnswer.accept(result.result());
                }
                ArrayDeque<Report> line = lines.get(id);
                if (line != null && line.peekFirst() == r) {
                    line.removeFirst();
                }
                pump(id);
            } else {
                retries++;
                env.schedule(nextRetryMs, () -> send(id, r, Math.min(MAX_RETRY_MS, nextRetryMs * 2)));
            }
        });
    }

    /** True while a report about {@code id} waits for its acknowledgement. */
    boolean owes(InstanceId id) {
        return lines.containsKey(id) || sending.containsKey(id);
    }

    /** Instances with reports not yet acknowledged. */
    int pendingInstances() {
        return lines.size();
    }

    long sent() {
        return sent;
    }

    long retries() {
        return retries;
    }
}
