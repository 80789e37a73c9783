package org.vigne.net.transport;

import java.security.SecureRandom;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.MessageCodec;

/**
 * What every connection of one node shares: the codec, the cluster secret, the frame and
 * handshake limits, the connections still in their handshake, the counters and the refusal log. One per node; its connections all run on the node's event loop.
 */
public final class TransportContext {
    private final MessageCodec codec;
    private final ClusterSecret secret;
    private final int maxFrameBytes;
    private final long handshakeTimeoutMs;
    private final PendingHandshakes pending;
    private final NetStats stats = new NetStats();
    private final RefusalLog refusals = new RefusalLog();
    private final TrafficCounter traffic = new TrafficCounter(stats);
    private final SecureRandom nonces = new SecureRandom();

    /** A context with the default {@link HandshakeLimits}. */
    public TransportContext(MessageCodec codec, ClusterSecret secret, int maxFrameBytes, long handshakeTimeoutMs) {
        this(codec, secret, maxFrameBytes, handshakeTimeoutMs, HandshakeLimits.defaults());
    }

    /**
     * @param maxFrameBytes largest frame accepted or sent once authenticated, length prefix excluded
     * @param handshakeTimeoutMs how long a connection may take to authenticate before it is closed
     * @param limits how many accepted connections may be in their handshake at once
     */
    public TransportContext(MessageCodec codec, ClusterSecret secret, int maxFrameBytes, long handshakeTimeoutMs,
                            HandshakeLimits limits) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("the maximum frame size must be at least 1024 bytes, got " + maxFrameBytes);
        }
        this.codec = codec;
        this.secret = secret;
        this.maxFrameBytes = maxFrameBytes;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        this.pending = new PendingHandshakes(limits);
    }

    public MessageCodec codec() {
        return codec;
    }

    public ClusterSecret secret() {
        return secret;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public long handshakeTimeoutMs() {
        return handshakeTimeoutMs;
    }

    public NetStats stats() {
        return stats;
    }

    PendingHandshakes pending() {
        return pending;
    }

    RefusalLog refusals() {
        return refusals;
    }

    TrafficCounter traffic() {
        return traffic;
    }

    /** A fresh handshake nonce from a cryptographic generator. */
    byte[] newNonce() {
        byte[] n = new byte[Frames.NONCE_BYTES];
        nonces.nextBytes(n);
        return n;
    }
}
