package org.vigne.net.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.vigne.net.IoTransport;

/**
 * The listening socket of one node. The server channel and every accepted connection are
 * registered on the node's own event loop, so deliveries happen on the thread that runs the
 * node's protocols, with no hand-off. Each accepted connection is admitted against the node's
 * {@link HandshakeLimits} before anything is read from it.
 */
public final class Acceptor {
    private final Channel server;
    private final ChannelGroup accepted;

    private Acceptor(Channel server, ChannelGroup accepted) {
        this.server = server;
        this.accepted = accepted;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one); accepted connections will deliver to
     * {@code inbox} once {@link #accept()} is called. Blocks
     * until bound, so it must not be called on an event loop thread.
     */
    public static Acceptor bind(EventLoop loop, String host, int port, TransportContext tc, Inbox inbox)
            throws BindException {
        ChannelGroup accepted = new DefaultChannelGroup("vigne-accepted", loop);
        ChannelInitializer<Channel> init = Pipelines.server(tc, inbox);
        ChannelFuture f = new ServerBootstrap().group(loop, loop).channel(IoTransport.current().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 512)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (admit(ch, tc)) {
                            accepted.add(ch);
                            ch.pipeline().addLast(init);
                        }
                    }
                })
                .bind(host, port)
                .awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw bindFailure(host, port, f.cause());
        }
        return new Acceptor(f.channel(), accepted);
    }

    /**
     * Counts {@code ch} among the connections in their handshake until it authenticates or
     * closes, or closes it at once (logged, rate-limited) when its source has too many already.
     */
    private static boolean admit(Channel ch, TransportContext tc) {
        String source = Session.sourceOf(ch.remoteAddress());
        String refused = tc.pending().admit(ch, source, evictedSource -> {
            tc.stats().refusedConnections.increment();
            tc.refusals().connectionRefused(ch.eventLoop(), evictedSource,
                    "oldest connection in its handshake closed: too many in all");
        });
        if (refused != null) {
            tc.stats().refusedConnections.increment();
            tc.refusals().connectionRefused(ch.eventLoop(), source, refused);
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> tc.pending().remove(ch));
        return true;
    }

    /** Starts accepting connections (binding does not, so the node can finish setting up first). */
    public void accept() {
        server.config().setAutoRead(true);
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops listening and closes every accepted connection. */
    public ChannelGroupFuture close() {
        server.close();
        return accepted.close();
    }

    private static BindException bindFailure(String host, int port, Throwable cause) {
        BindException e;
        String text = String.valueOf(cause.getMessage());
        // NIO throws a BindException, native epoll an IOException naming errno EADDRINUSE.
        if (cause instanceof IOException && text.contains("in use")) {
            e = new BindException("port " + port + " on " + host + " is already in use: choose another --listen port");
        } else {
            e = new BindException("cannot listen on " + host + ":" + port + ": " + text);
        }
        e.initCause(cause);
        return e;
    }
}
