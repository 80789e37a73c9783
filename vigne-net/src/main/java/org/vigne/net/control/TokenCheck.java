package org.vigne.net.control;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks each control request's bearer token from its headers, before its body is collected: a
 * request without the right token is answered 401 at once, its body is discarded as it arrives
 * and the connection is closed, so a local process without the token cannot make the node buffer
 * anything. Sits between the HTTP codec and the aggregator; one per connection.
 */
final class TokenCheck extends ChannelInboundHandlerAdapter {
    private final byte[] token;
    /** Set once a request was refused: what follows on this connection is dropped. */
    private boolean refusing;

    TokenCheck(byte[] token) {
        this.token = token;
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
        if (!MessageDigest.isEqual(token, auth.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            return "wrong control token";
        }
        return null;
    }
}
