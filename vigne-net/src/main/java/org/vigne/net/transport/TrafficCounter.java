package org.vigne.net.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes a node reads and writes, and the frames it writes (every write is one whole
 * frame). Sits first in every pipeline, so it sees the raw socket traffic; one per node.
 */
@Sharable
final class TrafficCounter extends ChannelDuplexHandler {
    private final NetStats stats;

    TrafficCounter(NetStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            stats.bytesIn.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            stats.bytesOut.add(buf.readableBytes());
            stats.framesOut.increment();
        }
        ctx.write(msg, promise);
    }
}
