package org.vigne.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The event loop threads of one process, shared by all the {@link NetNode}s it runs.
 *
 * <p>Each node is pinned to one loop of the group for its whole life: that loop runs the node's
 * sockets (listening, accepted and outgoing), its timers and every protocol callback. So a
 * delivery never changes thread (which keeps request/response latency in microseconds), a node
 * is single-threaded as {@link org.vigne.core.Env} promises, and the thread count follows the
 * cores rather than the nodes. Nodes sharing a loop share no state; a slow handler in one only
 * delays the others. The loops run the process's {@link IoTransport} (native epoll on Linux, NIO
 * elsewhere).
 *
 * <p>By default ({@link #create()}) a group has one loop fewer than the cores, and at least one:
 * a local grid of 16 nodes on 2 cores uses 1 thread, on 8 cores 7. Two reasons. A message between
 * nodes on different loops wakes the other loop's thread, while between nodes on the same loop it
 * is read in the same thread's next pass; and the loops poll briefly after work ({@link BriefSpin}),
 * so with a loop per core the threads that call into the nodes (a client, an application's
 * executor, the compiler, the collector) find every core taken. Measured on a 2-core VM (8 nodes,
 * one client thread, gets through node 0, 12 alternated phases of 20,000 gets each): p99 median
 * 150 µs with 1 loop against 170 µs with 2, and a remote get whose root shares node 0's loop took
 * 38 µs at the median against 46 µs for one on the other loop.
 */
public final class NetGroup implements AutoCloseable {
    private final EventLoopGroup group;

    private NetGroup(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a net group needs at least one thread, got " + threads);
        }
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("vigne-net", true),
                IoTransport.current().handlerFactory());
    }

    /** A group of {@code threads} event loops (daemon threads: a process ends when its main thread does). */
    public static NetGroup create(int threads) {
        return new NetGroup(threads);
    }

    /** A group with one event loop fewer than the available cores, and at least one (see above). */
    public static NetGroup create() {
        return new NetGroup(defaultThreads(Runtime.getRuntime().availableProcessors()));
    }

    /** The default number of loops on {@code cores} cores: one fewer, at least one. */
    static int defaultThreads(int cores) {
        return Math.max(1, cores - 1);
    }

    /** The loop the next node will live on (round robin). */
    EventLoop nextLoop() {
        return group.next();
    }

    /** Stops every loop; close the nodes first. Waits for them unless called on one of them. */
    @Override
    public void close() {
        Future<?> done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return;
            }
        }
        done.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
