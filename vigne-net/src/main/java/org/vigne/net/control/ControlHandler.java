package org.vigne.net.control;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.Id;
import org.vigne.dht.DhtResult;
import org.vigne.net.node.DhtClient;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.UnknownDhtException;

/**
 * Dispatches control requests, whose token {@link TokenCheck} has checked. Runs on the control
 * loop; state is read and DHT
 * operations are issued on the node's loop (through {@link org.vigne.net.NetNode#call} and
 * {@link DhtClient}), and the answer is written back from wherever it completes.
 */
@Sharable
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);
    /** A DHT operation gives up well before this; it only guards against a lost callback. */
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final GridNode node;
    private final DhtClient dht;
    private final GroupEndpoints groups;
    private final AppEndpoints apps;
    private final ObjectEndpoints objects;
    private final SyncEndpoints sync;

    ControlHandler(GridNode node) {
        this.node = node;
        this.dht = new DhtClient(node);
        this.groups = new GroupEndpoints(node);
        this.apps = new AppEndpoints(node);
        this.objects = new ObjectEndpoints(node);
        this.sync = new SyncEndpoints(node);
    }

    /**
     * Netty releases {@code req} when this returns, while answers are built later on the node's
     * loop: whatever they need from the request is copied here first.
     */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        Reply reply = new Reply(ctx, HttpUtil.isKeepAlive(req));
        List<String> path;
        try {
            path = segments(req.uri());
        } catch (IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "malformed path: " + e.getMessage());
            return;
        }
        HttpMethod m = req.method();
        if (path.size() == 1 && path.get(0).equals("nodes")) {
            onlyGet(m, reply, () -> json(reply, node.net().call(() -> NodeView.of(node))));
        } else if (path.size() == 1 && path.get(0).equals("stats")) {
            onlyGet(m, reply, () -> json(reply, node.net().call(() -> StatsView.of(node))));
        } else if (path.size() == 2 && path.get(0).equals("dht") && m.equals(HttpMethod.POST)) {
            // Read the body here: the request is released when this method returns, before the node's loop runs.
            String keys = req.content().toString(StandardCharsets.UTF_8);
            json(reply, node.net().call(() -> LocalVersions.of(node, path.get(1), keys)));
        } else if (path.size() == 3 && path.get(0).equals("dht")) {
            onDht(m, path.get(1), path.get(2), req, reply);
        } else if (path.size() == 3 && path.get(0).equals("groups")) {
            groups.handle(m, path.get(1), path.get(2), req, reply);
        } else if (isObjectPath(path)) {
            // The body is read inside, before this method returns and the request is released.
            objects.handle(m, path, req, reply);
        } else if (SyncEndpoints.isSyncPath(path)) {
            sync.handle(m, path, req.uri(), reply);
        } else if (!path.isEmpty() && path.size() <= 3 && path.get(0).equals("apps")) {
            // The body is read inside, before this method returns and the request is released.
            apps.handle(m, path, req, reply);
        } else {
            reply.error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + m + " /" + String.join("/", path));
        }
    }

    private void onDht(HttpMethod m, String name, String key, FullHttpRequest req, Reply reply) {
        Id id = Id.sha1(key);
        if (m.equals(HttpMethod.PUT)) {
            byte[] value = new byte[req.content().readableBytes()];
            req.content().readBytes(value);
            int max = node.settings().dht().maxValueBytes();
            if (value.length > max) {
                reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "value of " + value.length + " bytes is over the limit of " + max + " bytes");
                return;
            }
            dhtReply(reply, dht.put(name, id, value), name, key, false);
        } else if (m.equals(HttpMethod.GET)) {
            dhtReply(reply, dht.get(name, id), name, key, true);
        } else if (m.equals(HttpMethod.DELETE)) {
            dhtReply(reply, dht.remove(name, id), name, key, false);
        } else {
            reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed on /dht/NAME/KEY (PUT, GET, DELETE)");
        }
    }

    private void dhtReply(Reply reply, CompletableFuture<DhtResult> f, String name, String key, boolean valueBody) {
        f.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e != null) {
                failure(reply, e);
            } else if (r.status() == DhtResult.Status.OK && valueBody) {
                reply.bytes(r.value(), r.version());
            } else if (r.status() == DhtResult.Status.OK) {
                reply.json(HttpResponseStatus.OK, Map.of("status", "OK", "version", r.version()));
            } else {
                String text = r.status() == DhtResult.Status.NOT_FOUND
                        ? "no value for key '" + key + "' in DHT '" + name + "'"
                        : r.error() == null || r.error().isEmpty() ? r.status().toString() : r.error();
                reply.json(status(r.status()), Map.of("status", r.status().toString(), "error", text));
            }
        });
    }

    private static HttpResponseStatus status(DhtResult.Status s) {
        return switch (s) {
            case OK -> HttpResponseStatus.OK;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static void onlyGet(HttpMethod m, Reply reply, Runnable get) {
        if (m.equals(HttpMethod.GET)) {
            get.run();
        } else {
            reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is allowed here");
        }
    }

    private static void json(Reply reply, CompletableFuture<?> view) {
        view.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e != null) {
                failure(reply, e);
            } else {
                reply.json(HttpResponseStatus.OK, v);
            }
        });
    }

    private static void failure(Reply reply, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof UnknownDhtException u) {
            reply.error(HttpResponseStatus.NOT_FOUND, u.getMessage());
        } else if (cause instanceof TimeoutException) {
            reply.error(HttpResponseStatus.GATEWAY_TIMEOUT, "the node did not answer in time");
        } else {
            LOG.warn("control request failed", cause);
            reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "request failed: " + cause);
        }
    }

    /** True for /apps/APP/objects/NAME and /apps/APP/objects/NAME/cas: what an application token may open. */
    static boolean isObjectPath(List<String> path) {
        return (path.size() == 4 || (path.size() == 5 && path.get(4).equals("cas")))
                && path.get(0).equals("apps") && path.get(2).equals("objects");
    }

    /**
     * The decoded segments of the request path; "/dht/a%2Fb/k" is [dht, a/b, k].
     *
     * @throws IllegalArgumentException for a malformed percent-escape
     */
    static List<String> segments(String uri) {
        int q = uri.indexOf('?');
        String raw = q < 0 ? uri : uri.substring(0, q);
        List<String> out = new ArrayList<>();
        for (String s : raw.split("/", -1)) {
            if (!s.isEmpty()) {
                out.add(QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("control connection failed: {}", cause.toString());
        ctx.close();
    }
}
