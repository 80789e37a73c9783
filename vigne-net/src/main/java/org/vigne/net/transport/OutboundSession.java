package org.vigne.net.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.Arrays;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.FrameSealer;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;

/**
 * The connecting end of a connection: answers the server's nonce with its own nonce, handle and
 * proof of the cluster secret, and reports the connection ready only once the server has proved
 * the secret too, so no message is ever sealed for a peer that has not authenticated.
 */
final class OutboundSession extends Session {
    private static final int PROOF_FRAME = Frames.HEADER_BYTES + Frames.PROOF_BYTES;
    private static final int HELLO_FRAME = Frames.HEADER_BYTES + Frames.NONCE_BYTES;
    /**
     * Least time this end gives a peer to complete the handshake. The node's (short) handshake
     * timeout protects the accepting side from peers without the secret; here it is our own
     * connection, and a busy peer (accepting a flood, say) may take seconds to answer, so an
     * honest connection is not given up as soon as an attacker's would be.
     */
    static final long MIN_OUTBOUND_HANDSHAKE_MS = 5000;

    /** Told when the connection has authenticated both ways. */
    interface Listener {
        /** Called on the event loop; {@code sealer} seals every frame this connection will carry. */
        void established(Channel channel, FrameSealer sealer);
    }

    /** Where a connection stands. */
    private enum State {
        /** Connected; waiting for the server's nonce. */
        AWAIT_HELLO,
        /** Proof sent; waiting for the server's. */
        AWAIT_PROOF,
        /** Authenticated both ways: the owner seals and writes data frames. */
        OPEN
    }

    private final byte[] selfHandle;
    private final Listener listener;
    private State state = State.AWAIT_HELLO;
    private HandshakeTranscript transcript;
    private long connectedNanos;

    OutboundSession(TransportContext tc, byte[] selfHandle, String peer, Listener listener) {
        super(tc, peer);
        this.selfHandle = selfHandle;
        this.listener = listener;
    }

    @Override
    long handshakeTimeoutMs() {
        return Math.max(MIN_OUTBOUND_HANDSHAKE_MS, tc.handshakeTimeoutMs());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectedNanos = System.nanoTime();
        super.channelActive(ctx);
    }

    /**
     * A server that refuses our proof just closes the connection (it owes an unauthenticated peer
     * no explanation), so a close right after our proof is the only sign this side gets that the
     * secrets differ: report it, or a node with the wrong secret would fail silently. A server
     * also closes a connection that has not authenticated within its handshake timeout (ours,
     * when both run the defaults): a close that late after connecting says the peer was too slow
     * to check our proof as much as that it refused it, and the log says both.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state == State.AWAIT_PROOF && !closedHere()) {
            long afterMs = (System.nanoTime() - connectedNanos) / 1_000_000L;
            if (afterMs < tc.handshakeTimeoutMs()) {
                tc.refusals().refusedByPeer(ctx.executor(), source, peer);
                tc.stats().authFailures.increment();
            } else {
                tc.refusals().closedLateByPeer(ctx.executor(), source, peer, afterMs);
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    void onFrame(ChannelHandlerContext ctx, Frames.Kind kind, byte[] frame) {
        if (state == State.AWAIT_HELLO && kind == Frames.Kind.SERVER_HELLO && frame.length == HELLO_FRAME) {
            byte[] clientNonce = tc.newNonce();
            transcript = new HandshakeTranscript(Arrays.copyOfRange(frame, Frames.HEADER_BYTES, HELLO_FRAME),
                    clientNonce, selfHandle);
            ctx.writeAndFlush(Frames.handshake(Frames.Kind.CLIENT_AUTH, clientNonce,
                    transcript.clientProof(tc.secret()), selfHandle));
            state = State.AWAIT_PROOF;
        } else if (state == State.AWAIT_PROOF && kind == Frames.Kind.SERVER_AUTH && frame.length == PROOF_FRAME) {
            byte[] proof = Arrays.copyOfRange(frame, Frames.HEADER_BYTES, PROOF_FRAME);
            if (!ClusterSecret.sameMac(transcript.serverProof(tc.secret()), proof)) {
                refuse(ctx, Refusal.WRONG_SECRET, null);
                return;
            }
            state = State.OPEN;
            handshakeDone(ctx);
            listener.established(ctx.channel(), new FrameSealer(transcript.dataKey(tc.secret())));
        } else {
            refuse(ctx, Refusal.MALFORMED, kind + " frame of " + frame.length + " bytes while " + state);
        }
    }
}
