package org.vigne.net.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.data.AccessResult;
import org.vigne.data.SharedObjects;
import org.vigne.net.data.ApplicationFeed;
import org.vigne.net.node.GridNode;

/**
 * {@code /apps/{app}/objects/{name}}: the shared objects of an application running on this node,
 * for its components in any language. {@code GET} answers the value (raw bytes, empty if never
 * written); {@code PUT} writes the body; {@code POST .../cas} with
 * {@code {"expected": BASE64, "value": BASE64}} writes only if the object still holds the
 * expected value, else answers 409 with the current value as raw bytes and the header
 * {@value #OUTCOME_HEADER}{@code : conflict}. Every other failure is {@code {"error": ONE_LINE}}:
 * 404 unknown application, 409 not running here, 410 ended, 413 value over the bound, 503 busy
 * or restarted, 504 timed out. Each answer comes within a bounded time.
 */
final class ObjectEndpoints {
    /** Response header set on a compare-and-set that found another value. */
    static final String OUTCOME_HEADER = "X-Vigne-Outcome";
    /** A local access waits at most this long for the application's components to be placed here. */
    private static final long READY_WAIT_MS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GridNode node;
    private final int maxValueBytes = GridNode.dataConfig().maxValueBytes();

    ObjectEndpoints(GridNode node) {
        this.node = node;
    }

    /** {@code path} is [apps, APP, objects, NAME] or [apps, APP, objects, NAME, cas]. */
    void handle(HttpMethod m, List<String> path, FullHttpRequest req, Reply reply) {
        String app = path.get(1);
        String name = path.get(3);
        if (path.size() == 4 && m.equals(HttpMethod.GET)) {
            access(app, reply, (objects, done) -> {
                byte[] now = objects.readNow(app, name);
                if (now != null) {
                    done.accept(AccessResult.ok(now));
                } else {
                    objects.read(app, name, done);
                }
            });
        } else if (path.size() == 4 && m.equals(HttpMethod.PUT)) {
            byte[] value = new byte[req.content().readableBytes()];
            req.content().readBytes(value);
            if (tooLarge(value, reply)) {
                return;
            }
            access(app, reply, (objects, done) -> objects.write(app, name, value, done));
        } else if (path.size() == 5 && path.get(4).equals("cas") && m.equals(HttpMethod.POST)) {
            byte[] expected;
            byte[] value;
            try {
                JsonNode body = JSON.readTree(req.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                expected = Base64.getDecoder().decode(body.path("expected").asText(""));
                if (!body.path("value").isTextual()) {
                    reply.error(HttpResponseStatus.BAD_REQUEST, "the body needs \"value\" (base64), and \"expected\" (base64, empty if absent)");
                    return;
                }
                value = Base64.getDecoder().decode(body.path("value").asText());
            } catch (IOException | IllegalArgumentException e) {
                reply.error(HttpResponseStatus.BAD_REQUEST, "malformed compare-and-set body: " + e.getMessage());
                return;
            }
            if (tooLarge(value, reply) || tooLarge(expected, reply)) {
                return;
            }
            access(app, reply, (objects, done) -> objects.compareAndSet(app, name, expected, value, done));
        } else {
            reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed here: GET or PUT /apps/APP/objects/NAME,"
                    + " POST /apps/APP/objects/NAME/cas");
        }
    }

    private boolean tooLarge(byte[] value, Reply reply) {
        if (value.length <= maxValueBytes) {
            return false;
        }
        reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "a shared object's value has at most " + maxValueBytes + " bytes, got " + value.length);
        return true;
    }

    /** What to do with the data service once the application is known to run here. */
    private interface Access {
        void run(SharedObjects objects, Consumer<AccessResult> done);
    }

    /**
     * Runs the access on the node's loop and answers from its callback. Connections are served on
     * that loop, so the access starts inline, without queueing behind other tasks; no timer of
     * another thread guards it: the view answers a waiting access within its wait, and the data
     * service completes every access within its operation timeout.
     */
    private void access(String app, Reply reply, Access op) {
        Runnable start = () -> {
            ApplicationFeed feed = node.feed();
            if (feed == null) {
                reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "application management is not running on this node");
                return;
            }
            feed.ensure(app, READY_WAIT_MS, r -> {
                Refusal refusal = refusal(app, r);
                if (refusal != null) {
                    reply.error(refusal.status(), refusal.text());
                } else {
                    op.run(node.objects(), result -> answer(result, reply));
                }
            });
        };
        if (node.net().inEventLoop()) {
            try {
                start.run();
            } catch (RuntimeException e) {
                reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "request failed: " + e);
            }
        } else {
            node.net().execute(start);
        }
    }

    private record Refusal(HttpResponseStatus status, String text) {
    }

    private static Refusal refusal(String app, ApplicationFeed.Readiness r) {
        return switch (r) {
            case READY -> null;
            case UNKNOWN -> new Refusal(HttpResponseStatus.NOT_FOUND, "no application " + app);
            case ENDED -> new Refusal(HttpResponseStatus.GONE, "application " + app + " has ended: its objects are gone");
            case NOT_HERE -> new Refusal(HttpResponseStatus.CONFLICT, "application " + app
                    + " runs no component on this node (or its components are still being placed): ask the node of one of them");
            case UNAVAILABLE -> new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, "the manager of application " + app
                    + " could not be asked in time: try again");
        };
    }

    private static void answer(AccessResult r, Reply reply) {
        switch (r.status()) {
            case OK -> reply.bytes(r.value(), -1);
            case CONFLICT -> reply.conflict(r.value(), OUTCOME_HEADER);
            case TOO_LARGE -> reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.error());
            case INVALID_NAME -> reply.error(HttpResponseStatus.BAD_REQUEST, r.error());
            case UNKNOWN_APPLICATION -> reply.error(HttpResponseStatus.CONFLICT, r.error());
            case APPLICATION_ENDED -> reply.error(HttpResponseStatus.GONE, r.error() + ": its objects are gone");
            case RESTARTED -> reply.json(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Map.of("error", r.error() + "; the access may or may not have taken effect", "status", "RESTARTED"));
            case BUSY -> reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, r.error());
            case TIMEOUT -> reply.json(HttpResponseStatus.GATEWAY_TIMEOUT,
                    Map.of("error", "not done in time; a write may or may not have taken effect", "status", "TIMEOUT"));
        }
    }
}
