package org.vigne.net.control;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vigne.net.exec.AppTokens;
import java.security.MessageDigest;

/**
 * Checks each control request's bearer token from its headers, before its body is collected: the
 * node's own token opens every endpoint; an application token ({@link AppTokens}, a component's
 * {@code VIGNE_TOKEN}) opens only that application's shared objects, {@code /apps/APP/objects/...},
 * its barriers and semaphores ({@code /apps/APP/barriers/...}, {@code /apps/APP/semaphores/...},
 * {@code /apps/APP/sync}) and {@code POST /apps/APP/checkpoint} ({@code vigne checkpoint}) (403 anywhere else, or for
 * another application). A request without a right token is
 * answered 401 (or 403) at once, its body is discarded as it arrives
 * and the connection is closed, so a local process without the token cannot make the node buffer
 * anything. Sits between the HTTP codec and the aggregator; one per connection.
 */
final class TokenCheck extends ChannelInboundHandlerAdapter {
    private final byte[] token;
    private final AppTokens appTokens;
    /** Start of a refusal answered 403 rather than 401: the token is genuine-looking but not for this. */
    private static final String FORBIDDEN = "forbidden: ";
    /** The application token this connection last showed for that application's objects, checked once. */
    private String checkedAppToken;
    private String checkedApp;
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
                HttpResponseStatus status = req.decoderResult().isFailure() ? HttpResponseStatus.BAD_REQUEST
                        : refusal.startsWith(FORBIDDEN) ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.UNAUTHORIZED;
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
        if (appTokens == null || !given.startsWith(AppTokens.PREFIX)) {
            return "wrong control token";
        }
        List<String> path;
        try {
            path = ControlHandler.segments(req.uri());
        } catch (IllegalArgumentException e) {
            return "malformed path: " + e.getMessage();
        }
        if (!ControlHandler.isObjectPath(path) && !isCheckpoint(req, path) && !SyncEndpoints.isSyncPath(path)) {
            return FORBIDDEN + "an application token opens only its application's objects (/apps/APP/objects/NAME),"
                    + " barriers and semaphores (/apps/APP/barriers/NAME, /apps/APP/semaphores/NAME, /apps/APP/sync)"
                    + " and POST /apps/APP/checkpoint (vigne checkpoint)";
        }
        if (given.equals(checkedAppToken) && path.get(1).equals(checkedApp)) {
            return null;
        }
        if (!appTokens.verify(path.get(1), given)) {
            return FORBIDDEN + "this application token does not open application " + path.get(1)
                    + " (a token opens only its own application's objects, barriers, semaphores and checkpoint)";
        }
        // A component's connection carries its one token: the HMAC is computed once per connection.
        checkedAppToken = given;
        checkedApp = path.get(1);
        return null;
    }

    /** {@code POST /apps/ID/checkpoint}: a component stores its checkpoint now ({@code vigne checkpoint}). */
    private static boolean isCheckpoint(HttpRequest req, List<String> path) {
        return req.method().equals(HttpMethod.POST) && path.size() == 3 && path.get(0).equals("apps")
                && path.get(2).equals("checkpoint");
    }
}
