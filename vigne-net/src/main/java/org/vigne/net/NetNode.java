package org.vigne.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.BindException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.Env;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.ServiceStack;
import org.vigne.core.Timer;
import org.vigne.net.transport.Acceptor;
import org.vigne.net.transport.NetStats;
import org.vigne.net.transport.Outbox;
import org.vigne.net.transport.TransportContext;
import org.vigne.net.wire.MessageCodec;
import org.vigne.overlay.OverlayMessage.PeerUnreachable;

/**
 * One real node: the network implementation of {@link Env} that the protocols run on, with its
 * listening socket, its outgoing connections and its {@link ServiceStack}.
 *
 * <p>Threading: the node lives on one event loop of a {@link NetGroup}. Deliveries, timers,
 * {@link #execute} tasks and setup all run there, one at a time, so protocols stay
 * single-threaded. {@link #send}, {@link #schedule}, {@link #execute}, {@link #call} and
 * {@link #close} may be called from any thread; {@link #random()} and {@link #services()} only on
 * the loop. An exception thrown by a protocol callback is logged and does not stop the node.
 *
 * <p>Transport: each node sends over its own outgoing connections, opened lazily per peer
 * address and authenticated both ways before any message is sealed on them (see
 * {@link org.vigne.net.secure.HandshakeTranscript} for the scheme); messages to itself are
 * delivered through the loop without a socket. When a connection to a peer breaks or cannot be
 * opened, the node delivers an {@link PeerUnreachable} hint to its own services (at most one per
 * peer per {@link org.vigne.net.transport.LinkPolicy#unreachableHintMs()}), so the overlay probes
 * that peer at once instead of waiting for its next periodic probe.
 *
 * <pre>{@code
 * NetNode node = NetNode.start(config, codec, group, n -> n.services().register(MyMsg.class, new MyService(n)));
 * node.send(peer, new Ping(...));
 * node.close();
 * }</pre>
 */
public final class NetNode implements Env, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetNode.class);
    private static final Timer NO_TIMER = () -> { };
    private static final long CLOSE_WAIT_MS = 5000;

    private final NetConfig config;
    private final EventLoop loop;
    private final NetGroup ownedGroup;
    private final long originNanos = System.nanoTime();
    /**
     * The wall clock when the node started: {@link #nowMs()} counts from it, so that times stamped
     * by different nodes (an application manager's commands and events) agree as well as the
     * machines' clocks do, instead of differing by the nodes' start times.
     */
    private final long originWallMs = System.currentTimeMillis();
    private final ServiceStack services = new ServiceStack(this);
    private final TransportContext transport;
    private final RandomGenerator random;
    private final Acceptor acceptor;
    private final NodeHandle self;
    private final Outbox outbox;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    private NetNode(NetConfig config, MessageCodec codec, NetGroup group, boolean ownsGroup) throws BindException {
        this.config = config;
        this.loop = group.nextLoop();
        this.ownedGroup = ownsGroup ? group : null;
        this.transport = new TransportContext(codec, config.secret(), config.maxFrameBytes(), config.handshakeTimeoutMs(),
                config.handshakeLimits());
        this.random = new SplittableRandom(config.seed().orElseGet(() -> new SecureRandom().nextLong()));
        this.acceptor = Acceptor.bind(loop, config.listenHost(), config.listenPort(), transport, this::deliver);
        this.self = new NodeHandle(config.id(), config.advertisedHost(), acceptor.port());
        this.outbox = new Outbox(loop, transport, self, config.links(), this::nowMs, this::peerUnreachable);
    }

    /**
     * Binds the node's socket, runs {@code setup} on the node's loop (register services there),
     * then starts accepting connections, so no peer's message arrives before the services exist.
     * Must not be called on an event loop thread (it waits for the bind and the setup).
     *
     * @throws BindException when the address cannot be bound, e.g. "port 5000 on 127.0.0.1 is
     *     already in use: choose another --listen port"
     */
    public static NetNode start(NetConfig config, MessageCodec codec, NetGroup group, Consumer<NetNode> setup)
            throws BindException {
        return open(new NetNode(config, codec, group, false), setup);
    }

    /** {@link #start(NetConfig, MessageCodec, NetGroup, Consumer)} with nothing to set up. */
    public static NetNode start(NetConfig config, MessageCodec codec, NetGroup group) throws BindException {
        return start(config, codec, group, n -> { });
    }

    /** A node with an event loop of its own, stopped by {@link #close()}; for one-node processes. */
    public static NetNode start(NetConfig config, MessageCodec codec, Consumer<NetNode> setup) throws BindException {
        NetGroup group = NetGroup.create(1);
        try {
            return open(new NetNode(config, codec, group, true), setup);
        } catch (BindException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    private static NetNode open(NetNode node, Consumer<NetNode> setup) {
        try {
            node.call(() -> {
                setup.accept(node);
                return null;
            }).join();
        } catch (CompletionException e) {
            node.close();
            throw new IllegalStateException("setup of node " + node.self + " failed", e.getCause());
        }
        node.acceptor.accept();
        LOG.debug("node {} listening", node.self);
        return node;
    }

    @Override
    public NodeHandle self() {
        return self;
    }

    /** Milliseconds since this node started, from the monotonic clock. */
    public long uptimeMs() {
        return (System.nanoTime() - originNanos) / 1_000_000L;
    }

    /**
     * Milliseconds since the Unix epoch, read from the wall clock once at start and advanced by the
     * monotonic clock since (so it never goes back when the wall clock is set).
     */
    @Override
    public long nowMs() {
        return originWallMs + (System.nanoTime() - originNanos) / 1_000_000L;
    }

    /**
     * {@link #nowMs()} to the microsecond, from the same origin and the same monotonic clock, so
     * that a loopback round trip of 0.3 ms is timed as such instead of as 0 or 1 ms.
     */
    @Override
    public long nowMicros() {
        return originWallMs * 1000L + (System.nanoTime() - originNanos) / 1000L;
    }

    @Override
    public Timer schedule(long delayMs, Runnable action) {
        if (closed) {
            return NO_TIMER;
        }
        if (delayMs <= 0) {
            // A task, not a timer: it runs in the loop's current pass over its queue, where a timer
            // due now waits for the next pass and costs one more poll of the sockets. Same order:
            // after what is already queued.
            Soon soon = new Soon(action);
            execute(soon);
            return soon;
        }
        try {
            ScheduledFuture<?> f = loop.schedule(() -> run(action), delayMs, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return NO_TIMER;
        }
    }

    /** This node's generator; use it on the node's loop only. */
    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void send(NodeHandle to, Message msg) {
        if (!loop.inEventLoop()) {
            execute(() -> send(to, msg));
        } else if (closed) {
            return;
        } else if (to.equals(self)) {
            execute(() -> deliver(self, msg));
        } else {
            outbox.send(to, msg);
        }
    }

    /** The node's services; register and use them on the node's loop only. */
    public ServiceStack services() {
        return services;
    }

    /** Runs {@code task} on the node's loop, after what is already queued there. */
    public void execute(Runnable task) {
        try {
            loop.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("node {} stopped; task dropped", self);
        }
    }

    /** Runs {@code task} on the node's loop and completes with its result (e.g. to read protocol state). */
    public <T> CompletableFuture<T> call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * The node's event loop, for local I/O that should run where the node's state lives (the
     * control API's connections): a handler there reaches the protocols without a thread hop.
     */
    public EventLoop eventLoop() {
        return loop;
    }

    /** True on the node's own loop thread. */
    public boolean inEventLoop() {
        return loop.inEventLoop();
    }

    /** This node's traffic and refusal counters. */
    public NetStats stats() {
        return transport.stats();
    }

    public NetConfig config() {
        return config;
    }

    /**
     * Stops the services (last registered first), closes every connection and the listening
     * socket, and stops the node's own loop if it has one. Idempotent; from outside the loop it
     * waits (a few seconds at most) for the sockets to close.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable shutdown = () -> {
            try {
                services.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the services of {} failed", self, e);
            }
            closed = true;
            outbox.close();
            acceptor.close().addListener(f -> done.complete(null));
        };
        if (loop.inEventLoop()) {
            shutdown.run();
        } else {
            try {
                loop.execute(shutdown);
                done.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
                LOG.debug("node {} closed uncleanly: {}", self, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        if (ownedGroup != null) {
            ownedGroup.close();
        }
    }

    /** Queued, never delivered inside the send that failed: the overlay must not be re-entered. */
    private void peerUnreachable(NodeHandle peer) {
        LOG.debug("node {}: {} is unreachable", self, peer);
        execute(() -> deliver(self, new PeerUnreachable(peer)));
    }

    private void deliver(NodeHandle from, Message msg) {
        if (!closed) {
            services.deliver(from, msg);
        }
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("task on node {} failed", self, e);
        }
    }

    @Override
    public String toString() {
        return "NetNode[" + self + "]";
    }

    /** An action scheduled with no delay, which its timer can still cancel until it runs. */
    private static final class Soon implements Runnable, Timer {
        private final Runnable action;
        private volatile boolean cancelled;

        Soon(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            if (!cancelled) {
                action.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
