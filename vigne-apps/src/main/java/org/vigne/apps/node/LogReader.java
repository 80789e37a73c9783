package org.vigne.apps.node;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.apps.exec.Outputs;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ComponentStatus;
import org.vigne.core.Env;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/**
 * Reads a component's logs for a user: from the node that runs its current incarnation (a
 * {@link AppsMessage.LogRead} answered by that node's host agent) while it is placed or running,
 * and from the log tails stored in the files DHT once it ended. A stored tail holds the whole log
 * only when it is shorter than {@link Outputs#LOG_TAIL_BYTES}; a longer one is served whole to a
 * reader starting at 0 and not at all to one further on, since where it starts is unknown.
 */
final class LogReader {
    /** How long the host of an instance has to answer a read. */
    static final long ANSWER_WAIT_MS = 3_000;

    private record Waiting(Consumer<AppsMessage.LogChunk> answer, Timer timeout) {
    }

    private final Env env;
    private final FileStore files;
    private final Map<Long, Waiting> waiting = new HashMap<>();

    LogReader(Env env, FileStore files) {
        this.env = env;
        this.files = files;
    }

    void read(AppStatus s, int component, boolean stderr, long offset, Consumer<ApiResult<LogText>> done) {
        ComponentStatus c = s.components().get(component);
        NodeHandle host = c.host();
        if (c.phase().onNode() && host != null) {
            fromHost(s.appId(), c, host, stderr, offset, done);
        } else if (!c.logs().isEmpty()) {
            stored(s.appId(), c, stderr, offset, done);
        } else {
            done.accept(ApiResult.ok(text(s.appId(), c, offset, new byte[0], c.phase().isFinal())));
        }
    }

    private void fromHost(String appId, ComponentStatus c, NodeHandle host, boolean stderr, long offset,
                          Consumer<ApiResult<LogText>> done) {
        long requestId = env.random().nextLong();
        Timer timeout = env.schedule(ANSWER_WAIT_MS, () -> {
            if (waiting.remove(requestId) != null) {
                done.accept(ApiResult.failure(ApiResult.Status.UNAVAILABLE, "node " + c.node() + ", which runs component "
                        + c.index() + ", did not answer within " + ANSWER_WAIT_MS + " ms"));
            }
        });
        waiting.put(requestId, new Waiting(chunk -> done.accept(ApiResult.ok(text(appId, c, offset,
                chunk.found() ? chunk.data() : new byte[0], false))), timeout));
        env.send(host, new AppsMessage.LogRead(requestId, appId, c.index(), c.incarnation(), stderr, offset,
                HostAgent.MAX_LOG_CHUNK));
    }

    void onChunk(AppsMessage.LogChunk chunk) {
        Waiting w = waiting.remove(chunk.requestId());
        if (w != null && chunk.data() != null) {
            w.timeout().cancel();
            w.answer().accept(chunk);
        }
    }

    private void stored(String appId, ComponentStatus c, boolean stderr, long offset, Consumer<ApiResult<LogText>> done) {
        files.getFiles(new FileName(appId, c.logs()), r -> {
            if (!r.ok()) {
                done.accept(ApiResult.failure(ApiResult.Status.UNAVAILABLE, "the stored logs of component " + c.index()
                        + " could not be read: " + r.error()));
                return;
            }
            byte[] all = r.value().get(stderr ? "stderr" : "stdout");
            byte[] log = all == null ? new byte[0] : all;
            boolean whole = log.length < Outputs.LOG_TAIL_BYTES;
            byte[] rest = offset == 0 ? log
                    : whole && offset < log.length ? Arrays.copyOfRange(log, (int) offset, log.length) : new byte[0];
            done.accept(ApiResult.ok(text(appId, c, offset, rest, c.phase().isFinal())));
        });
    }

    private static LogText text(String appId, ComponentStatus c, long offset, byte[] data, boolean ended) {
        return new LogText(appId, c.index(), c.incarnation(), c.node() == null ? "" : c.node(), offset, data, ended);
    }
}
