package org.vigne.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The I/O transport under every event loop and socket of a process: Netty's native epoll where
 * Linux offers it, the JDK's NIO selector elsewhere.
 *
 * <p>Why native: a message on loopback is a few microseconds of protocol work, so the loop's own
 * cost per wake-up matters; the NIO selector adds to each one the JDK's bookkeeping (update and
 * deregistration queues, locks, an interruptible-I/O section, a selected-key set) and drains its
 * wake-up pipe with an extra system call, where epoll is one call into the kernel. Both behave the
 * same to the protocols. One choice per process, since a loop only hosts channels of its own
 * kind: the node's loops, its connections and the control API's sockets all follow it. The system
 * property {@code vigne.net.io=nio} forces NIO (to compare the two, or where the native library
 * cannot load).
 */
public enum IoTransport {
    /** Netty's native epoll transport (Linux). */
    EPOLL,
    /** The JDK's NIO selector (every platform). */
    NIO;

    private static final IoTransport CHOSEN = choose(System.getProperty("vigne.net.io", ""));

    /** The transport of this process. */
    public static IoTransport current() {
        return CHOSEN;
    }

    static IoTransport choose(String forced) {
        if (forced.toLowerCase(Locale.ROOT).equals("nio")) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** What an event loop of this transport runs: with epoll, a loop polls briefly before it blocks ({@link BriefSpin}). */
    public IoHandlerFactory handlerFactory() {
        if (this == NIO) {
            return NioIoHandler.newFactory();
        }
        return BriefSpin.FACTORY == null ? EpollIoHandler.newFactory() : EpollIoHandler.newFactory(0, BriefSpin.FACTORY);
    }

    /** The class of an outgoing connection. */
    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The class of a listening socket. */
    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
