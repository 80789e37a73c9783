package org.vigne.net.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.node.ApiResult;
import org.vigne.apps.node.Applications;
import org.vigne.apps.node.LogText;
import org.vigne.apps.node.LogsLocation;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.SpecException;
import org.vigne.apps.spec.SpecReader;
import org.vigne.net.node.GridNode;

/**
 * {@code /apps}: the application management service of the node ({@link Applications}) over HTTP.
 * {@code POST /apps} submits (body {@code {"file": NAME, "spec": TEXT, "inputs": {FROM: BASE64}}});
 * {@code GET /apps} lists; {@code GET /apps/ID} is the status, {@code /events} the manager's
 * events, {@code /logs?component=I} where the component's logs are, {@code /log?component=I&stream=stdout|stderr&offset=N}
 * up to 64 KiB of them from byte N ({@link LogText}, {@code data} in base64), {@code /output} the committed
 * outputs (base64 by component and path); {@code POST /apps/ID/kill} kills; {@code DELETE /apps/ID}
 * removes. Answers: 200 with the value, or 404 / 409 / 503 with {@code {"error": ONE_LINE}} for
 * {@code NOT_FOUND}, {@code REFUSED}, {@code UNAVAILABLE}; a malformed spec is a 400 naming the
 * field. Same thread rules as {@link ControlHandler}: the API runs on the node's loop.
 */
final class AppEndpoints {
    /** Manager commands give up well before this (their group's submit timeout); it guards a lost callback. */
    private static final long REQUEST_TIMEOUT_MS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GridNode node;

    AppEndpoints(GridNode node) {
        this.node = node;
    }

    /** {@code path} starts with "apps". */
    void handle(HttpMethod m, List<String> path, FullHttpRequest req, Reply reply) {
        if (path.size() == 1 && m.equals(HttpMethod.POST)) {
            submit(req.content().toString(StandardCharsets.UTF_8), reply);
        } else if (path.size() == 1 && m.equals(HttpMethod.GET)) {
            this.<List<AppStatus>>call(reply, Applications::list, v -> v);
        } else if (path.size() == 2 && m.equals(HttpMethod.GET)) {
            this.<AppStatus>call(reply, (api, done) -> api.status(path.get(1), done), v -> v);
        } else if (path.size() == 2 && m.equals(HttpMethod.DELETE)) {
            this.<Boolean>call(reply, (api, done) -> api.remove(path.get(1), done), v -> Map.of("removed", v));
        } else if (path.size() == 3 && m.equals(HttpMethod.POST) && path.get(2).equals("checkpoint")) {
            checkpoint(path.get(1), req.uri(), reply);
        } else if (path.size() == 3 && m.equals(HttpMethod.POST) && path.get(2).equals("kill")) {
            this.<AppStatus>call(reply, (api, done) -> api.kill(path.get(1), done), v -> v);
        } else if (path.size() == 3 && m.equals(HttpMethod.GET)) {
            get(path.get(1), path.get(2), req.uri(), reply);
        } else {
            reply.error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + m + " /" + String.join("/", path));
        }
    }

    private void get(String appId, String what, String uri, Reply reply) {
        switch (what) {
            case "events" -> this.<List<ManagerEvent>>call(reply, (api, done) -> api.events(appId, done), v -> v);
            case "output" -> this.<Map<Integer, FileSet>>call(reply, (api, done) -> api.output(appId, done), AppEndpoints::outputs);
            case "logs" -> {
                Long component = number(uri, "component", 0, reply);
                if (component != null) {
                    this.<LogsLocation>call(reply, (api, done) -> api.logs(appId, component.intValue(), done), v -> v);
                }
            }
            case "log" -> {
                Long component = number(uri, "component", 0, reply);
                Long offset = component == null ? null : number(uri, "offset", 0, reply);
                String stream = param(uri, "stream", "stdout");
                if (offset != null && !stream.equals("stdout") && !stream.equals("stderr")) {
                    reply.error(HttpResponseStatus.BAD_REQUEST, "stream must be stdout or stderr, got " + stream);
                } else if (offset != null) {
                    this.<LogText>call(reply, (api, done) -> api.readLog(appId, component.intValue(),
                            stream.equals("stderr"), offset, done), v -> v);
                }
            }
            default -> reply.error(HttpResponseStatus.NOT_FOUND, "no such endpoint: GET /apps/" + appId + "/" + what
                    + " (events, logs, log, output)");
        }
    }

    /**
     * {@code POST /apps/ID/checkpoint?component=C&incarnation=I} ({@code vigne checkpoint}, run by
     * the component itself): the executor takes the instance's checkpoint directory now; answers
     * {@code {"sequence": N}}, or 409 when the instance does not run on this node.
     */
    private void checkpoint(String appId, String uri, Reply reply) {
        Long component = number(uri, "component", -1, reply);
        Long incarnation = component == null ? null : number(uri, "incarnation", -1, reply);
        if (incarnation == null) {
            return;
        }
        org.vigne.apps.exec.InstanceId id;
        try {
            id = new org.vigne.apps.exec.InstanceId(appId, component.intValue(), incarnation.intValue());
        } catch (IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "component and incarnation are needed: " + e.getMessage());
            return;
        }
        if (node.executor() == null) {
            reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "this node runs no executor");
            return;
        }
        node.executor().checkpointNow(id).whenComplete((seq, e) -> {
            if (e != null) {
                reply.error(HttpResponseStatus.CONFLICT, e.getMessage());
            } else {
                reply.json(HttpResponseStatus.OK, Map.of("sequence", seq));
            }
        });
    }

    private static String param(String uri, String name, String otherwise) {
        return new QueryStringDecoder(uri).parameters().getOrDefault(name, List.of(otherwise)).get(0);
    }

    /** The query parameter {@code name} as a number ({@code otherwise} when absent), or null after a 400. */
    private static Long number(String uri, String name, long otherwise, Reply reply) {
        try {
            return Long.parseLong(param(uri, name, Long.toString(otherwise)));
        } catch (NumberFormatException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, name + " must be a number");
            return null;
        }
    }

    private void submit(String body, Reply reply) {
        ApplicationSpec spec;
        Map<String, byte[]> inputs = new TreeMap<>();
        try {
            JsonNode root = JSON.readTree(body);
            String file = root.path("file").asText("spec.yaml");
            if (!root.path("spec").isTextual()) {
                reply.error(HttpResponseStatus.BAD_REQUEST, "the body needs \"spec\": the spec's text");
                return;
            }
            spec = SpecReader.read(file, root.path("spec").asText());
            for (Map.Entry<String, JsonNode> e : root.path("inputs").properties()) {
                inputs.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
            }
        } catch (SpecException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        } catch (IOException | IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "malformed submission: " + e.getMessage());
            return;
        }
        this.<String>call(reply, (api, done) -> api.submit(spec, inputs, done), id -> Map.of("id", id));
    }

    /** The outputs as {component: {path: base64}}. */
    private static Object outputs(Map<Integer, FileSet> byComponent) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        byComponent.forEach((c, files) -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (String p : files.paths()) {
                m.put(p, Base64.getEncoder().encodeToString(files.get(p)));
            }
            out.put(Integer.toString(c), m);
        });
        return out;
    }

    private <T> void call(Reply reply, BiConsumer<Applications, Consumer<ApiResult<T>>> op,
                          Function<T, Object> view) {
        CompletableFuture<ApiResult<T>> f = new CompletableFuture<>();
        node.net().execute(() -> {
            if (node.apps() == null) {
                f.complete(ApiResult.failure(ApiResult.Status.UNAVAILABLE, "application management is not running on this node"));
            } else {
                op.accept(node.apps().api(), f::complete);
            }
        });
        f.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e != null) {
                reply.error(HttpResponseStatus.GATEWAY_TIMEOUT, "the node did not answer in time");
            } else if (r.ok()) {
                reply.json(HttpResponseStatus.OK, view.apply(r.value()));
            } else {
                reply.error(status(r.status()), r.error());
            }
        });
    }

    private static HttpResponseStatus status(ApiResult.Status s) {
        return switch (s) {
            case OK -> HttpResponseStatus.OK;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case REFUSED -> HttpResponseStatus.CONFLICT;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
    }
}
