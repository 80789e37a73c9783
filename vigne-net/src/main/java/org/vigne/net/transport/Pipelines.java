package org.vigne.net.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.vigne.net.wire.Frames;

/**
 * How the channels of a node are put together: traffic counter, length-prefixed frame decoder
 * (which refuses frames over the limit before buffering them), then the session. Public so that
 * tests can drive the exact accepting pipeline in an embedded channel.
 */
public final class Pipelines {
    private Pipelines() {
    }

    /** The initializer of accepted connections, which deliver to {@code inbox}. */
    public static ChannelInitializer<Channel> server(TransportContext tc, Inbox inbox) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("traffic", tc.traffic())
                        .addLast("frames", frameDecoder(tc))
                        .addLast("session", new InboundSession(tc, inbox));
            }
        };
    }

    /** The initializer of a connection to {@code peer}, reporting to {@code listener}. */
    static ChannelInitializer<Channel> client(TransportContext tc, byte[] selfHandle, String peer,
                                              OutboundSession.Listener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("traffic", tc.traffic())
                        .addLast("frames", frameDecoder(tc))
                        .addLast("flush", new FlushConsolidationHandler(256, true))
                        .addLast("session", new OutboundSession(tc, selfHandle, peer, listener));
            }
        };
    }

    private static LengthFieldBasedFrameDecoder frameDecoder(TransportContext tc) {
        return new LengthFieldBasedFrameDecoder(tc.maxFrameBytes() + Frames.LENGTH_BYTES,
                0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true);
    }
}
