package org.vigne.net.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.net.IoTransport;
import org.vigne.net.exec.AppTokens;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.HostPort;

/**
 * A node's local control API: HTTP with JSON answers, on a loopback address only, every request
 * carrying the node's bearer token, checked from the headers before any body is collected; a
 * connection must send each request within the read timeout, and only so many may be open
 * ({@link ControlLimits}). It accepts connections on its own event loop group and serves
 * them on the node's loop, where handlers read and change protocol state (they still go through
 * {@link org.vigne.net.NetNode#execute}, which then costs no thread hop). Endpoints:
 * {@code GET /nodes}, {@code GET /stats}, {@code PUT|GET|DELETE /dht/{name}/{key}}, the
 * {@code /groups}, {@code /apps} and {@code /apps/{app}/objects/{name}} families, and for tools
 * {@code POST /dht/{name}} (body: keys, one per line) answering the versions this node stores.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Channel channel;
    private final HostPort address;

    private ControlServer(Channel channel, HostPort address) {
        this.channel = channel;
        this.address = address;
    }

    /** One event loop thread for the control APIs of every node of a process. */
    public static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigne-control", true),
                IoTransport.current().handlerFactory());
    }

    /**
     * Listens on {@code address} (loopback only; port 0 picks a free one) for requests to
     * {@code node} bearing {@code token}. Blocks until bound.
     *
     * @throws IllegalArgumentException when the address is not a loopback address
     * @throws BindException when the port is taken
     */
    public static ControlServer start(HostPort address, EventLoopGroup group, GridNode node, String token)
            throws BindException {
        return start(address, group, node, token, ControlLimits.defaults());
    }

    /** {@link #start(HostPort, EventLoopGroup, GridNode, String)} with other limits. */
    public static ControlServer start(HostPort address, EventLoopGroup group, GridNode node, String token,
                                      ControlLimits limits) throws BindException {
        requireLoopback(address);
        // A compare-and-set carries two values in base64: room for both at the shared objects' bound.
        int maxBody = Math.max(node.settings().dht().maxValueBytes(), 3 * GridNode.dataConfig().maxValueBytes())
                + 64 * 1024;
        AppTokens appTokens = token.length() >= 16 ? new AppTokens(token) : null;
        NearCopySessions sessions = new NearCopySessions();
        node.net().execute(() -> node.objects().setNearCopyChannel(sessions));
        ControlHandler handler = new ControlHandler(node, sessions);
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        AtomicInteger open = new AtomicInteger();
        // Connections are accepted on the control group but served on the node's own loop: a request
        // then reaches the protocols and its answer reaches the socket without a thread hop (a read
        // of a valid local copy is two hops cheaper); the node's state is still touched only there.
        ChannelFuture f = new ServerBootstrap().group(group, node.net().eventLoop()).channel(IoTransport.current().serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (open.incrementAndGet() > limits.maxConnections()) {
                            open.decrementAndGet();
                            LOG.debug("control connection from {} closed: {} open already", ch.remoteAddress(),
                                    limits.maxConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(c -> open.decrementAndGet());
                        ch.pipeline().addLast(new HttpServerCodec())
                                .addLast(new RequestDeadline(limits.readTimeoutMs()))
                                .addLast(new TokenCheck(tokenBytes, appTokens))
                                .addLast(new HttpObjectAggregator(maxBody))
                                .addLast(handler);
                    }
                })
                .bind(address.host(), address.port())
                .awaitUninterruptibly();
        if (!f.isSuccess()) {
            String why = String.valueOf(f.cause().getMessage());
            BindException e = new BindException(why.contains("in use")
                    ? "control port " + address.port() + " on " + address.host() + " is already in use: choose another --control port"
                    : "cannot listen for control requests on " + address + ": " + why);
            e.initCause(f.cause());
            throw e;
        }
        int port = ((InetSocketAddress) f.channel().localAddress()).getPort();
        return new ControlServer(f.channel(), address.withPort(port));
    }

    /** Fails with a one-line message unless {@code address} is a loopback address. */
    public static void requireLoopback(HostPort address) {
        try {
            address.loopbackAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--control " + e.getMessage() + ": the control API listens on 127.0.0.1 or ::1 only");
        }
    }

    /** The address actually bound. */
    public HostPort address() {
        return address;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }
}
