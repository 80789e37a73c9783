package org.vigne.net.control;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.net.node.GridNode;

/**
 * {@code GET /apps/APP/near} upgraded to a WebSocket: a component's channel for its near copies.
 * The node says {@code session ID LEASE_MS} first; then it sends {@code SEQ NAME} to revoke the
 * component's copy of object NAME granted up to SEQ, and the component answers the same line once
 * it dropped it. A close frame from the client says it dropped every copy: its leases end at once.
 * Served on the node's loop, like every control connection.
 */
final class NearCopySocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(NearCopySocket.class);
    /** An acknowledgement is a number and a name: far below this. */
    private static final int MAX_FRAME = 4096;

    private final GridNode node;
    private final String app;
    private final long session;

    private NearCopySocket(GridNode node, String app, long session) {
        this.node = node;
        this.app = app;
        this.session = session;
    }

    /** True when {@code req} asks to upgrade to a WebSocket. */
    static boolean isUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /**
     * Upgrades the connection of {@code req} (handled by {@code current}) to a near-copy session of
     * {@code app}: the per-request handlers leave the pipeline (a session lives as long as its client).
     */
    static void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, String app, NearCopySessions sessions,
                        GridNode node, long leaseMs) {
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(
                "ws://" + req.headers().get(HttpHeaderNames.HOST) + req.uri(), null, false, MAX_FRAME).newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        p.remove(RequestDeadline.class);
        p.remove(TokenCheck.class);
        long id = sessions.open(app, ctx.channel());
        p.replace(ctx.handler(), "near", new NearCopySocket(node, app, id));
        hs.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                f.channel().writeAndFlush(new TextWebSocketFrame("session " + id + " " + leaseMs));
            } else {
                f.channel().close();
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame t) {
            String line = t.text();
            int space = line.indexOf(' ');
            long seq;
            try {
                seq = Long.parseLong(line.substring(0, Math.max(0, space)));
            } catch (NumberFormatException e) {
                LOG.debug("near-copy session {}: malformed acknowledgement dropped", session);
                return;
            }
            String name = line.substring(space + 1);
            onLoop(() -> node.objects().leaseReleased(app, name, session, seq));
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            // A client closes only after dropping all its copies: its leases end here.
            onLoop(() -> node.objects().sessionEnded(app, session));
            ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void onLoop(Runnable r) {
        if (node.net().inEventLoop()) {
            r.run();
        } else {
            node.net().execute(r);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("near-copy session {} failed: {}", session, cause.toString());
        ctx.close();
    }
}
