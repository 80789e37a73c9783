package org.vigne.net;

import java.util.OptionalLong;
import org.vigne.core.Id;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.transport.HandshakeLimits;
import org.vigne.net.transport.LinkPolicy;
import org.vigne.net.wire.Frames;

/**
 * Everything a {@link NetNode} needs to start: who it is, where it listens, the cluster secret,
 * and the transport limits. Build with {@link #of} and adjust with the {@code with} methods.
 *
 * @param id the node's id on the ring
 * @param secret the cluster secret every frame is authenticated with
 * @param listenHost address to bind ("0.0.0.0" needs an {@code advertisedHost})
 * @param listenPort port to bind; 0 picks a free one
 * @param advertisedHost host put in this node's handle, which peers connect to
 * @param maxFrameBytes largest frame sent or accepted, length prefix excluded
 * @param handshakeTimeoutMs a connection not authenticated within this time is closed
 * @param handshakeLimits how many connections may be in their handshake at once, in all and per source address
 * @param links queueing, connect timeout and backoff of outgoing connections
 * @param seed seed of {@link NetNode#random()}, or empty for a seed from the system's entropy
 */
public record NetConfig(Id id, ClusterSecret secret, String listenHost, int listenPort, String advertisedHost,
                        int maxFrameBytes, long handshakeTimeoutMs, HandshakeLimits handshakeLimits, LinkPolicy links,
                        OptionalLong seed) {
    /** Default time a connection has to authenticate: loopback and LAN handshakes take milliseconds. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 2000;

    public NetConfig {
        if (id == null || secret == null || listenHost == null || advertisedHost == null || handshakeLimits == null
                || links == null || seed == null) {
            throw new IllegalArgumentException("a net configuration needs an id, a secret, hosts and a link policy");
        }
        if (listenPort < 0 || listenPort > 0xFFFF) {
            throw new IllegalArgumentException("port " + listenPort + " is not a TCP port");
        }
        if (isWildcard(advertisedHost)) {
            throw new IllegalArgumentException("listening on " + listenHost
                    + " needs an advertised host that peers can reach");
        }
        if (handshakeTimeoutMs < 1) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
    }

    /** A configuration with the default handshake limits. */
    public NetConfig(Id id, ClusterSecret secret, String listenHost, int listenPort, String advertisedHost,
                     int maxFrameBytes, long handshakeTimeoutMs, LinkPolicy links, OptionalLong seed) {
        this(id, secret, listenHost, listenPort, advertisedHost, maxFrameBytes, handshakeTimeoutMs,
                HandshakeLimits.defaults(), links, seed);
    }

    /** A node listening on {@code host:port}, advertising the same host, with default limits. */
    public static NetConfig of(Id id, ClusterSecret secret, String host, int port) {
        return new NetConfig(id, secret, host, port, host, Frames.DEFAULT_MAX_FRAME_BYTES, DEFAULT_HANDSHAKE_TIMEOUT_MS,
                HandshakeLimits.defaults(), LinkPolicy.defaults(), OptionalLong.empty());
    }

    public NetConfig withAdvertisedHost(String host) {
        return new NetConfig(id, secret, listenHost, listenPort, host, maxFrameBytes, handshakeTimeoutMs, handshakeLimits, links, seed);
    }

    public NetConfig withMaxFrameBytes(int bytes) {
        return new NetConfig(id, secret, listenHost, listenPort, advertisedHost, bytes, handshakeTimeoutMs, handshakeLimits, links,
                seed);
    }

    public NetConfig withHandshakeTimeoutMs(long ms) {
        return new NetConfig(id, secret, listenHost, listenPort, advertisedHost, maxFrameBytes, ms, handshakeLimits, links, seed);
    }

    public NetConfig withLinks(LinkPolicy policy) {
        return new NetConfig(id, secret, listenHost, listenPort, advertisedHost, maxFrameBytes, handshakeTimeoutMs, handshakeLimits,
                policy, seed);
    }

    public NetConfig withSeed(long s) {
        return new NetConfig(id, secret, listenHost, listenPort, advertisedHost, maxFrameBytes, handshakeTimeoutMs, handshakeLimits,
                links, OptionalLong.of(s));
    }

    public NetConfig withHandshakeLimits(HandshakeLimits limits) {
        return new NetConfig(id, secret, listenHost, listenPort, advertisedHost, maxFrameBytes, handshakeTimeoutMs, limits,
                links, seed);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    }
}
