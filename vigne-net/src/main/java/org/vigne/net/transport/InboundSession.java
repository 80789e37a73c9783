package org.vigne.net.transport;

import io.netty.channel.ChannelHandlerContext;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.FrameOpener;
import org.vigne.net.secure.FrameRejectedException;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;
import org.vigne.net.wire.WireException;

/**
 * The accepting end of a connection: sends a fresh nonce, checks the client's proof of the
 * cluster secret, proves its own, then opens, decodes and delivers the client's data frames.
 * Data flows one way only (client to server); the server never sends a message on it.
 */
final class InboundSession extends Session {
    private static final Logger LOG = LoggerFactory.getLogger(InboundSession.class);
    private static final int MIN_CLIENT_AUTH = Frames.HEADER_BYTES + Frames.NONCE_BYTES + Frames.PROOF_BYTES;

    /** Where a connection stands. */
    private enum State {
        /** Nonce sent; waiting for the client's proof. */
        AWAIT_AUTH,
        /** Both sides proved the secret; data frames flow in. */
        OPEN
    }

    private final Inbox inbox;
    private State state = State.AWAIT_AUTH;
    private byte[] serverNonce;
    private FrameOpener opener;
    private NodeHandle from;

    InboundSession(TransportContext tc, Inbox inbox) {
        super(tc, null);
        this.inbox = inbox;
    }

    /** The node's handshake timeout: what an unauthenticated peer may hold a connection for. */
    @Override
    long handshakeTimeoutMs() {
        return tc.handshakeTimeoutMs();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        serverNonce = tc.newNonce();
        ctx.writeAndFlush(Frames.handshake(Frames.Kind.SERVER_HELLO, serverNonce));
    }

    @Override
    void onFrame(ChannelHandlerContext ctx, Frames.Kind kind, byte[] frame) {
        if (state == State.AWAIT_AUTH && kind == Frames.Kind.CLIENT_AUTH) {
            onClientAuth(ctx, frame);
        } else if (state == State.OPEN && kind == Frames.Kind.DATA) {
            onData(ctx, frame);
        } else {
            refuse(ctx, Refusal.MALFORMED, kind + " frame while " + state);
        }
    }

    private void onClientAuth(ChannelHandlerContext ctx, byte[] frame) {
        if (frame.length < MIN_CLIENT_AUTH) {
            refuse(ctx, Refusal.MALFORMED, "client handshake of " + frame.length + " bytes");
            return;
        }
        int at = Frames.HEADER_BYTES;
        byte[] clientNonce = Arrays.copyOfRange(frame, at, at + Frames.NONCE_BYTES);
        byte[] proof = Arrays.copyOfRange(frame, at + Frames.NONCE_BYTES, MIN_CLIENT_AUTH);
        byte[] handle = Arrays.copyOfRange(frame, MIN_CLIENT_AUTH, frame.length);
        NodeHandle claimed;
        try {
            claimed = HandleBytes.decode(handle, 0, handle.length);
        } catch (WireException | IllegalArgumentException e) {
            refuse(ctx, Refusal.MALFORMED, e.getMessage());
            return;
        }
        HandshakeTranscript transcript = new HandshakeTranscript(serverNonce, clientNonce, handle);
        if (!ClusterSecret.sameMac(transcript.clientProof(tc.secret()), proof)) {
            // The claimed handle is unproven: logs keep naming the socket address.
            refuse(ctx, Refusal.WRONG_SECRET, null);
            return;
        }
        ctx.writeAndFlush(Frames.handshake(Frames.Kind.SERVER_AUTH, transcript.serverProof(tc.secret())));
        opener = new FrameOpener(transcript.dataKey(tc.secret()));
        from = claimed;
        state = State.OPEN;
        peer = LogText.safe(claimed.address()) + " (from " + peer + ")";
        handshakeDone(ctx);
        LOG.debug("accepted authenticated connection from {}", peer);
    }

    /** Proven: the connection no longer counts against the handshake limits, and takes full-size frames. */
    @Override
    void handshakeDone(ChannelHandlerContext ctx) {
        super.handshakeDone(ctx);
        tc.pending().remove(ctx.channel());
        Pipelines.authenticated(ctx.pipeline(), tc);
    }

    private void onData(ChannelHandlerContext ctx, byte[] frame) {
        byte[] plain;
        try {
            plain = opener.open(frame, 0, frame.length);
        } catch (FrameRejectedException e) {
            Refusal r = switch (e.reason()) {
                case MALFORMED -> Refusal.MALFORMED;
                case FORGED -> Refusal.FORGED;
                case REPLAYED -> Refusal.REPLAYED;
                case GAP -> Refusal.OUT_OF_SEQUENCE;
            };
            refuse(ctx, r, e.getMessage());
            return;
        }
        Message msg;
        try {
            msg = tc.codec().decode(plain);
        } catch (WireException e) {
            refuse(ctx, Refusal.UNDECODABLE, e.getMessage());
            return;
        }
        tc.stats().messagesIn.increment();
        try {
            inbox.receive(from, msg);
        } catch (RuntimeException e) {
            LOG.error("delivery of {} from {} failed", msg.getClass().getSimpleName(), peer, e);
        }
    }
}
