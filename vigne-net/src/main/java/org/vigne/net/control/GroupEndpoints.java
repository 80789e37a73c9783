package org.vigne.net.control;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.net.groups.CounterGroups;
import org.vigne.net.groups.CounterState;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.GroupClient;

/**
 * {@code /groups/KIND/NAME}: {@code PUT} creates the group (the body, maybe empty, is its first
 * command), {@code POST} submits the body as a command, {@code GET} shows this node's replica
 * (role, term, leader, members, indexes, and a counter's state). Answers carry the group's
 * {@link SubmitResult}: status, index, generation, result (base64), and for counters the state the
 * result encodes. Same thread rules as {@link ControlHandler}.
 */
final class GroupEndpoints {
    /** A submission gives up after the group's submit timeout (15 s); this only guards a lost callback. */
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final GridNode node;
    private final GroupClient client;

    GroupEndpoints(GridNode node) {
        this.node = node;
        this.client = new GroupClient(node);
    }

    void handle(HttpMethod m, String kind, String name, FullHttpRequest req, Reply reply) {
        if (!kind.equals(CounterGroups.KIND)) {
            reply.error(HttpResponseStatus.NOT_FOUND, "no group kind '" + kind + "' on this node (kinds: "
                    + CounterGroups.KIND + ")");
            return;
        }
        GroupId group = GroupClient.group(kind, name);
        if (m.equals(HttpMethod.GET)) {
            view(group, name, reply);
            return;
        }
        byte[] body = new byte[req.content().readableBytes()];
        req.content().readBytes(body);
        if (m.equals(HttpMethod.PUT)) {
            answer(client.create(group, body), reply);
        } else if (m.equals(HttpMethod.POST)) {
            answer(client.submit(group, body), reply);
        } else {
            reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed on /groups/KIND/NAME (PUT, POST, GET)");
        }
    }

    private void view(GroupId group, String name, Reply reply) {
        node.net().call(() -> GroupView.of(node, group)).orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        reply.error(HttpResponseStatus.GATEWAY_TIMEOUT, "the node did not answer in time");
                    } else if (v == null) {
                        reply.error(HttpResponseStatus.NOT_FOUND, "this node hosts no replica of group '" + name + "'");
                    } else {
                        reply.json(HttpResponseStatus.OK, v);
                    }
                });
    }

    private static void answer(CompletableFuture<SubmitResult> f, Reply reply) {
        f.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e != null) {
                reply.error(HttpResponseStatus.GATEWAY_TIMEOUT, "the node did not answer in time");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.status().toString());
            if (r.ok()) {
                body.put("index", r.index());
                body.put("generation", r.generation());
                body.put("result", r.result());
                CounterState c = CounterState.of(r.result());
                if (c != null) {
                    body.put("counter", c);
                }
            } else {
                body.put("error", r.error().isEmpty() ? r.status().toString() : r.error());
            }
            reply.json(status(r.status()), body);
        });
    }

    static HttpResponseStatus status(SubmitResult.Status s) {
        return switch (s) {
            case OK -> HttpResponseStatus.OK;
            case EXISTS -> HttpResponseStatus.CONFLICT;
            case TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case NO_GROUP -> HttpResponseStatus.NOT_FOUND;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
    }
}
