package org.vigne.net.transport;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.vigne.core.NodeHandle;

/**
 * Turns connection failures into at most one hint per peer per period.
 *
 * <p>A dead peer fails every connection attempt and every queued send, so reporting each failure
 * would flood the overlay. The first failure of a quiet period is reported at once (the overlay
 * probes the peer); failures inside the period are folded into one trailing report at its end,
 * made only if the peer is still not connected, which is the overlay's second hint that declares
 * a probed peer dead. So a crashed neighbour is known dead about one period after its sockets
 * close, while a peer whose connection merely dropped and reopened is never reported twice.
 * Runs on the node's event loop only.
 */
final class UnreachableHints {
    private static final int PRUNE_ABOVE = 1024;

    private final EventLoop loop;
    private final long periodMs;
    private final LongSupplier clockMs;
    private final Predicate<String> connected;
    private final Unreachable listener;
    private final Map<String, Window> windows = new HashMap<>();

    /** The current period of one peer address. */
    private static final class Window {
        long reportedMs;
        NodeHandle pending;
    }

    UnreachableHints(EventLoop loop, long periodMs, LongSupplier clockMs, Predicate<String> connected,
                     Unreachable listener) {
        this.loop = loop;
        this.periodMs = periodMs;
        this.clockMs = clockMs;
        this.connected = connected;
        this.listener = listener;
    }

    /** A connection to {@code peer} failed; report it now, later, or not at all. */
    void failed(NodeHandle peer) {
        long now = clockMs.getAsLong();
        String address = peer.address();
        Window w = windows.get(address);
        if (w == null) {
            prune(now);
            w = new Window();
            windows.put(address, w);
            report(w, peer, now);
        } else if (now - w.reportedMs >= periodMs) {
            report(w, peer, now);
        } else if (w.pending == null) {
            w.pending = peer;
            scheduleTrailing(address, w.reportedMs + periodMs - now);
        } else {
            w.pending = peer;
        }
    }

    private void report(Window w, NodeHandle peer, long now) {
        w.reportedMs = now;
        w.pending = null;
        listener.peerUnreachable(peer);
    }

    private void scheduleTrailing(String address, long delayMs) {
        loop.schedule(() -> trailing(address), Math.max(1, delayMs), TimeUnit.MILLISECONDS);
    }

    /** End of a period with failures in it: report once more if the peer is still not connected. */
    private void trailing(String address) {
        Window w = windows.get(address);
        if (w == null || w.pending == null) {
            return;
        }
        long now = clockMs.getAsLong();
        if (now - w.reportedMs < periodMs) {
            scheduleTrailing(address, w.reportedMs + periodMs - now);
        } else if (connected.test(address)) {
            w.pending = null;
        } else {
            report(w, w.pending, now);
        }
    }

    private void prune(long now) {
        if (windows.size() >= PRUNE_ABOVE) {
            windows.values().removeIf(w -> w.pending == null && now - w.reportedMs >= periodMs);
        }
    }

    /** Forgets everything (the node is closing). */
    void clear() {
        windows.clear();
    }
}
