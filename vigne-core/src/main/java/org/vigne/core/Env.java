package org.vigne.core;

import java.util.random.RandomGenerator;

/**
 * Everything a protocol may touch of the outside world: its own handle, time, timers,
 * randomness and best-effort sending.
 *
 * <p>The simulator implements it with virtual time and a seeded generator; the real runtime with
 * the wall clock and sockets. Protocols never read {@code System} time, start threads, take locks
 * or open sockets; they call this. All calls and all callbacks happen on the node's single event
 * loop, so protocols need no synchronisation.
 */
public interface Env {
    /** This node's handle. */
    NodeHandle self();

    /** Current time in milliseconds (virtual in the simulator). */
    long nowMs();

    /**
     * Current time in microseconds, on the same clock as {@link #nowMs()} ({@code nowMicros() / 1000}
     * is {@code nowMs()} read at the same instant), for timing round trips shorter than a
     * millisecond (loopback, a LAN). A runtime without a finer clock keeps the default, whole
     * milliseconds: the simulator's virtual time moves in milliseconds, so its round trips are
     * timed exactly as before.
     */
    default long nowMicros() {
        return nowMs() * 1000;
    }

    /** Runs {@code action} on this node's event loop after {@code delayMs} (at least 0). */
    Timer schedule(long delayMs, Runnable action);

    /** This node's random generator, seeded from the run's seed in the simulator. */
    RandomGenerator random();

    /**
     * Sends {@code msg} to {@code to}, best effort: it may be lost, delayed, reordered or
     * duplicated, and a send to a dead node is silently dropped. Never blocks.
     */
    void send(NodeHandle to, Message msg);
}
