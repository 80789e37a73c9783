package org.vigne.net.control;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.vigne.net.exec.AppTokens;

/**
 * Checks each control request's bearer token from its headers, before its body is collected: a
 * request without the right token is answered 401 at once, its body is discarded as it arrives
 * and the connection is closed, so a local process without the token cannot make the node buffer
 * anything. A component's application-scoped token ({@link AppTokens}) opens one endpoint only:
 * {@code POST /apps/ITS_APP/checkpoint} ({@code vigne checkpoint}). Sits between the HTTP codec and the aggregator; one per connection.
 */
final class TokenCheck extends ChannelInboundHandlerAdapter {
    private final byte[] token;
    private final AppTokens appTokens;
    /** Set once a request was refused: what follows on this connection is dropped. */
    private boolean refusing;

    TokenCheck(byte[] token, AppTokens appTokens) {
        this.token = token;
        this.appTokens = appTokens;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refusing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            String refusal = refusal(req);
            if (refusal != null) {
                refusing = true;
                ReferenceCountUtil.release(msg);
                HttpResponseStatus status = req.decoderResult().isFailure()
                        ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.UNAUTHORIZED;
                new Reply(ctx, false).error(status, refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Why {@code req} is refused, or null when it bears the token. */
    private String refusal(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            return "malformed request: " + req.decoderResult().cause().getMessage();
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || !auth.startsWith("Bearer ")) {
            return "missing control token (Authorization: Bearer TOKEN)";
        }
        String given = auth.substring(7).trim();
        if (MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String app = checkpointApp(req);
        if (given.startsWith(AppTokens.PREFIX) && app != null && appTokens.verify(app, given)) {
            return null;
        }
        return given.startsWith(AppTokens.PREFIX) ? "an application's token opens only POST /apps/ITS_ID/checkpoint"
                + " (of its own application)" : "wrong control token";
    }

    /**
     * The application of a {@code POST /apps/ID/checkpoint} request, the one endpoint a component's
     * application-scoped token ({@code VIGNE_TOKEN}) opens; null for any other request.
     */
    static String checkpointApp(HttpRequest req) {
        if (!req.method().equals(HttpMethod.POST)) {
            return null;
        }
        List<String> path = Arrays.stream(new QueryStringDecoder(req.uri()).path().split("/"))
                .filter(p -> !p.isEmpty()).toList();
        return path.size() == 3 && path.get(0).equals("apps") && path.get(2).equals("checkpoint") ? path.get(1) : null;
    }
}
