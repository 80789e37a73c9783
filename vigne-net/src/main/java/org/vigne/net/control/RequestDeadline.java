package org.vigne.net.control;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a control connection that does not send a whole request within the read timeout of
 * connecting or of its previous answer. The clock stops while the node works on requests (a DHT
 * operation may take seconds), so only the client's slowness counts. One per connection, after
 * the HTTP codec, so it sees the end of each request and of each answer.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private final long timeoutMs;
    private ScheduledFuture<?> deadline;
    /** Requests received whole and not answered yet (a client may pipeline them). */
    private int inFlight;

    RequestDeadline(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
            inFlight++;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            inFlight = Math.max(0, inFlight - 1);
            if (inFlight == 0) {
                arm(ctx);
            }
        }
        ctx.write(msg, promise);
    }

    /** A connection upgraded to a WebSocket leaves the per-request handlers: no deadline after it. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        deadline = ctx.executor().schedule(() -> {
            LOG.debug("control connection from {} closed: no whole request within {} ms", ctx.channel().remoteAddress(),
                    timeoutMs);
            ctx.close();
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
