package org.vigne.net.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.net.IoTransport;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;
import org.vigne.net.wire.WireException;

/**
 * The sending side of one node: encodes each message, checks it fits a frame, and hands it to the
 * {@link PeerLink} of its destination address. Links nothing was sent on for
 * {@link LinkPolicy#idleMs()} are closed and forgotten by a periodic sweep, so the map holds the
 * peers the node talks to, not every address it ever sent to. Every method runs on the node's
 * event loop, and every outgoing channel is registered on that same loop, so links need no locking.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final long MAX_SWEEP_MS = 60_000;

    private final TransportContext tc;
    private final LinkPolicy policy;
    private final LongSupplier clockMs;
    private final byte[] selfHandle;
    private final Bootstrap bootstrap;
    private final Map<String, PeerLink> links = new HashMap<>();
    private final Set<Class<?>> unsendable = new HashSet<>();
    private final UnreachableHints hints;
    private final ScheduledFuture<?> sweep;
    private boolean closed;

    /** An outbox sending as {@code self} over channels registered on {@code loop}, ignoring failures. */
    public Outbox(EventLoop loop, TransportContext tc, NodeHandle self, LinkPolicy policy, LongSupplier clockMs) {
        this(loop, tc, self, policy, clockMs, Unreachable.IGNORE);
    }

    /**
     * An outbox sending as {@code self} over channels registered on {@code loop}, telling
     * {@code unreachable} (rate-limited by {@link LinkPolicy#unreachableHintMs()}) when a
     * connection to a peer breaks or cannot be opened.
     */
    public Outbox(EventLoop loop, TransportContext tc, NodeHandle self, LinkPolicy policy, LongSupplier clockMs,
                  Unreachable unreachable) {
        this.tc = tc;
        this.policy = policy;
        this.clockMs = clockMs;
        this.hints = new UnreachableHints(loop, policy.unreachableHintMs(), clockMs, this::isOpen, unreachable);
        this.selfHandle = HandleBytes.encode(self);
        int high = Math.max(8 << 20, 4 * (tc.maxFrameBytes() + Frames.LENGTH_BYTES));
        this.bootstrap = new Bootstrap().group(loop).channel(IoTransport.current().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, policy.connectTimeoutMs()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high));
        long sweepMs = Math.min(MAX_SWEEP_MS, Math.max(1, policy.idleMs() / 4));
        this.sweep = loop.scheduleAtFixedRate(this::closeIdleLinks, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    }

    /** Sends {@code msg} to {@code to}, best effort; drops (and counts) what cannot go. */
    public void send(NodeHandle to, Message msg) {
        if (closed) {
            tc.stats().droppedMessages.increment();
            return;
        }
        byte[] plain;
        try {
            plain = tc.codec().encode(msg);
        } catch (WireException e) {
            unsendable(msg, to, e.getMessage());
            return;
        }
        if (plain.length > tc.maxFrameBytes() - Frames.DATA_OVERHEAD) {
            unsendable(msg, to, plain.length + " bytes exceed the frame limit of " + tc.maxFrameBytes());
            return;
        }
        links.computeIfAbsent(to.address(), a -> new PeerLink(this, to.host(), to.port())).send(to, plain);
    }

    /** True when an authenticated connection to {@code address} ("host:port") is open. */
    public boolean isOpen(String address) {
        PeerLink link = links.get(address);
        return link != null && link.isOpen();
    }

    /** Closes every outgoing connection; later sends are dropped. */
    public void close() {
        closed = true;
        sweep.cancel(false);
        hints.clear();
        links.values().forEach(PeerLink::close);
        links.clear();
    }

    /** Closes and forgets the links nothing was sent on lately. */
    private void closeIdleLinks() {
        long now = nowMs();
        Iterator<PeerLink> it = links.values().iterator();
        while (it.hasNext()) {
            PeerLink link = it.next();
            if (link.idle(now, policy.idleMs())) {
                if (link.isOpen()) {
                    tc.stats().idleLinksClosed.increment();
                }
                it.remove();
                link.close();
            }
        }
    }

    /** A link could not reach {@code peer}. */
    void unreachable(NodeHandle peer) {
        if (!closed) {
            hints.failed(peer);
        }
    }

    private void unsendable(Message msg, NodeHandle to, String why) {
        tc.stats().droppedMessages.increment();
        if (unsendable.add(msg.getClass())) {
            LOG.warn("{} to {} dropped: {}", msg.getClass().getSimpleName(), LogText.safe(to), why);
        } else {
            LOG.debug("{} to {} dropped: {}", msg.getClass().getSimpleName(), LogText.safe(to), why);
        }
    }

    ChannelFuture connect(String host, int port, String address, OutboundSession.Listener listener) {
        return bootstrap.clone().handler(Pipelines.client(tc, selfHandle, address, listener)).connect(host, port);
    }

    NetStats stats() {
        return tc.stats();
    }

    LinkPolicy policy() {
        return policy;
    }

    long nowMs() {
        return clockMs.getAsLong();
    }
}
