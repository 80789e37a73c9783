package org.vigne.net.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.vigne.net.wire.Frames;

/**
 * How the channels of a node are put together: traffic counter, length-prefixed frame decoder
 * (which refuses frames over the limit before buffering them), then the session. Public so that
 * tests can drive the exact accepting pipeline in an embedded channel.
 *
 * <p>Until the peer has proved the cluster secret, the decoder takes frames of at most
 * {@link Frames#HANDSHAKE_MAX_FRAME_BYTES}, so a peer without the secret can make the node
 * buffer a few hundred bytes, not megabytes; {@link #authenticated} then swaps in the node's
 * full limit. Only the accepting side swaps: a server sends nothing after its proof, so the
 * connecting side keeps the small limit for good.
 */
public final class Pipelines {
    private static final String FRAMES = "frames";

    private Pipelines() {
    }

    /** The initializer of accepted connections, which deliver to {@code inbox}. */
    public static ChannelInitializer<Channel> server(TransportContext tc, Inbox inbox) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("traffic", tc.traffic())
                        .addLast(FRAMES, frameDecoder(Frames.HANDSHAKE_MAX_FRAME_BYTES))
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
                        .addLast(FRAMES, frameDecoder(Frames.HANDSHAKE_MAX_FRAME_BYTES))
                        .addLast("flush", new FlushConsolidationHandler(256, true))
                        .addLast("session", new OutboundSession(tc, selfHandle, peer, listener));
            }
        };
    }

    /**
     * The peer of an accepted connection proved the secret: frames up to the node's maximum from
     * now on. Bytes the handshake decoder already holds go on to the new one.
     */
    static void authenticated(ChannelPipeline p, TransportContext tc) {
        p.replace(FRAMES, FRAMES, frameDecoder(tc.maxFrameBytes()));
    }

    private static LengthFieldBasedFrameDecoder frameDecoder(int maxFrameBytes) {
        return new LengthFieldBasedFrameDecoder(maxFrameBytes + Frames.LENGTH_BYTES,
                0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true);
    }
}
