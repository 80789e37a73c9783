package org.vigne.net.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.net.wire.Frames;

/**
 * What both ends of a connection do alike: count each frame, check its version and kind, close a
 * connection that does not authenticate in time, and turn every fault of the peer's bytes into a
 * counted, logged refusal instead of an exception leaving the pipeline. Logs name the peer by
 * its socket address until it has proved the secret, never by what it claims.
 */
abstract class Session extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    protected final TransportContext tc;
    /** The peer as logs name it: its socket address, or its listening address once authenticated. */
    protected String peer;
    /** The peer's IP address, by which refusals are grouped and rate-limited. */
    protected String source;
    private ScheduledFuture<?> handshakeTimer;
    private boolean authenticated;
    private boolean closed;

    Session(TransportContext tc, String peer) {
        this.tc = tc;
        this.peer = peer;
        this.source = peer;
    }

    /** How long this end waits for the handshake to complete before closing the connection. */
    abstract long handshakeTimeoutMs();

    /** Handles one complete frame of a known kind and the right version. */
    abstract void onFrame(ChannelHandlerContext ctx, Frames.Kind kind, byte[] frame);

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (peer == null) {
            peer = label(remote);
        }
        source = sourceOf(remote);
        long timeoutMs = handshakeTimeoutMs();
        handshakeTimer = ctx.executor().schedule(() -> {
            LOG.debug("connection with {} closed: no handshake within {} ms", peer, timeoutMs);
            close(ctx);
        }, timeoutMs, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        cancelHandshakeTimer();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (closed) {
                return;
            }
            tc.stats().framesIn.increment();
            byte[] frame = ByteBufUtil.getBytes(buf);
            if (frame.length < Frames.HEADER_BYTES) {
                refuse(ctx, Refusal.MALFORMED, "frame of " + frame.length + " bytes");
            } else if (frame[0] != Frames.VERSION) {
                refuse(ctx, Refusal.MALFORMED, "unsupported wire version " + (frame[0] & 0xFF));
            } else {
                Frames.Kind kind = Frames.Kind.of(frame[1]);
                if (kind == null) {
                    refuse(ctx, Refusal.MALFORMED, "unknown frame kind " + (frame[1] & 0xFF));
                } else {
                    onFrame(ctx, kind, frame);
                }
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            tc.stats().oversizedFrames.increment();
            int limit = authenticated ? tc.maxFrameBytes() : Frames.HANDSHAKE_MAX_FRAME_BYTES;
            refuse(ctx, Refusal.TOO_BIG, (authenticated ? "limit " : "handshake limit ") + limit + " bytes");
        } else if (cause instanceof DecoderException) {
            refuse(ctx, Refusal.MALFORMED, String.valueOf(cause.getMessage()));
        } else if (cause instanceof IOException) {
            LOG.debug("connection with {} failed: {}", peer, cause.toString());
            close(ctx);
        } else {
            LOG.warn("connection with {} failed", peer, cause);
            close(ctx);
        }
    }

    /** Counts and logs a refused frame, then closes the connection unless it was only a replay. */
    final void refuse(ChannelHandlerContext ctx, Refusal reason, String detail) {
        // Logged before counted, so whoever sees the count can already read the log line.
        tc.refusals().refuse(ctx.executor(), source, peer, reason, detail);
        switch (reason) {
            case WRONG_SECRET, FORGED -> tc.stats().authFailures.increment();
            case REPLAYED -> tc.stats().replays.increment();
            case OUT_OF_SEQUENCE -> tc.stats().sequenceGaps.increment();
            case TOO_BIG, MALFORMED, UNDECODABLE -> tc.stats().badFrames.increment();
        }
        if (reason != Refusal.REPLAYED && reason != Refusal.UNDECODABLE) {
            close(ctx);
        }
    }

    /** The handshake succeeded: the connection may now live without a deadline. */
    void handshakeDone(ChannelHandlerContext ctx) {
        authenticated = true;
        cancelHandshakeTimer();
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    /** True when this side closed the connection (a refusal or a handshake timeout), before it went inactive. */
    final boolean closedHere() {
        return closed;
    }

    final void close(ChannelHandlerContext ctx) {
        closed = true;
        cancelHandshakeTimer();
        ctx.close();
    }

    static String label(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            return a.getHostString() + ":" + a.getPort();
        }
        return String.valueOf(address);
    }

    /** The IP address of {@code address} (its host for an unresolved one), without the port. */
    static String sourceOf(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        }
        return String.valueOf(address);
    }
}
