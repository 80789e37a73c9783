package org.vigne.net.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.NodeHandle;
import org.vigne.net.secure.FrameSealer;

/**
 * The outgoing connection of one node to one peer address, opened on the first send and reused.
 *
 * <p>Messages sent while it connects and authenticates wait in a queue bounded in bytes
 * ({@link LinkPolicy#maxQueuedBytesPerPeer()}); a connection that
 * fails or breaks drops what it held (sending is best effort) and the next send opens a new one,
 * except that after a failed attempt the peer is left alone for a backoff that doubles up to a
 * ceiling, so a dead peer cannot cause a connect storm. A connection that breaks or cannot be
 * opened is reported to the outbox as the peer being unreachable; a send dropped during backoff is
 * not (it is no new evidence: nothing was tried). A link nothing was sent on for
 * {@link LinkPolicy#idleMs()} is closed by the outbox, quietly. Runs only on the node's event loop.
 */
final class PeerLink implements OutboundSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

    /** Where the link stands. */
    private enum State {
        /** No connection; the next send opens one. */
        IDLE,
        /** Connecting or authenticating; sends are queued. */
        CONNECTING,
        /** Authenticated; sends are sealed and written at once. */
        OPEN,
        /** The last attempt failed; sends are dropped until {@code retryAtMs}. */
        BACKOFF,
        /** The node is closing; everything is dropped. */
        CLOSED
    }

    private final Outbox outbox;
    private final String host;
    private final int port;
    private final String address;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long lastSendMs;
    private State state = State.IDLE;
    private Channel channel;
    private FrameSealer sealer;
    /** The handle last sent to at this address, named in unreachable reports. */
    private NodeHandle peer;
    private long backoffMs;
    private long retryAtMs;

    PeerLink(Outbox outbox, String host, int port) {
        this.outbox = outbox;
        this.host = host;
        this.port = port;
        this.address = host + ":" + port;
        this.backoffMs = outbox.policy().minBackoffMs();
    }

    /** Sends one encoded message for {@code to}, or queues or drops it according to the state. */
    void send(NodeHandle to, byte[] plain) {
        peer = to;
        lastSendMs = outbox.nowMs();
        switch (state) {
            case OPEN -> write(plain);
            case CONNECTING -> enqueue(plain);
            case IDLE -> {
                enqueue(plain);
                connect();
            }
            case BACKOFF -> {
                if (outbox.nowMs() >= retryAtMs) {
                    enqueue(plain);
                    connect();
                } else {
                    drop(1);
                }
            }
            case CLOSED -> drop(1);
        }
    }

    @Override
    public void established(Channel ch, FrameSealer s) {
        if (ch != channel || state != State.CONNECTING) {
            return;
        }
        state = State.OPEN;
        sealer = s;
        backoffMs = outbox.policy().minBackoffMs();
        LOG.debug("connected to {}", address);
        while (!queue.isEmpty()) {
            write(queue.poll());
        }
        queuedBytes = 0;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** True when nothing was sent for {@code idleMs} and no connection attempt is under way. */
    boolean idle(long nowMs, long idleMs) {
        return state != State.CONNECTING && nowMs - lastSendMs >= idleMs;
    }

    /** Closes the connection for good, telling no one (the node closes, or the link is idle). */
    void close() {
        state = State.CLOSED;
        dropQueue();
        if (channel != null) {
            channel.close();
        }
    }

    private void connect() {
        state = State.CONNECTING;
        outbox.stats().connectAttempts.increment();
        ChannelFuture f = outbox.connect(host, port, address, this);
        Channel ch = f.channel();
        channel = ch;
        ch.closeFuture().addListener(done -> closed(ch));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.debug("connection to {} failed: {}", address, String.valueOf(done.cause()));
                ch.close();
            }
        });
    }

    private void closed(Channel ch) {
        if (ch != channel || state == State.CLOSED) {
            return;
        }
        channel = null;
        sealer = null;
        dropQueue();
        if (state == State.OPEN) {
            state = State.IDLE;
            LOG.debug("connection to {} closed", address);
        } else {
            state = State.BACKOFF;
            retryAtMs = outbox.nowMs() + backoffMs;
            LOG.debug("cannot reach {}; next attempt in {} ms", address, backoffMs);
            backoffMs = Math.min(2 * backoffMs, outbox.policy().maxBackoffMs());
        }
        outbox.unreachable(peer);
    }

    private void enqueue(byte[] plain) {
        if (queuedBytes + plain.length > outbox.policy().maxQueuedBytesPerPeer()) {
            drop(1);
        } else {
            queue.add(plain);
            queuedBytes += plain.length;
        }
    }

    private void dropQueue() {
        drop(queue.size());
        queue.clear();
        queuedBytes = 0;
    }

    private void write(byte[] plain) {
        if (!channel.isWritable()) {
            drop(1);
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(sealer.seal(plain)), channel.voidPromise());
        outbox.stats().messagesOut.increment();
    }

    private void drop(int n) {
        outbox.stats().droppedMessages.add(n);
    }
}
