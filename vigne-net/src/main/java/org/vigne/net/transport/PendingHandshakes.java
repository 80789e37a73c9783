package org.vigne.net.transport;

import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The accepted connections of one node that have not authenticated yet, oldest first, and how
 * many come from each source address, so that {@link HandshakeLimits} can be enforced when a
 * connection is accepted. A connection leaves when its peer proves the secret or when it closes.
 * Runs on the node's event loop only.
 */
final class PendingHandshakes {
    private final HandshakeLimits limits;
    private final LinkedHashMap<Channel, String> pending = new LinkedHashMap<>();
    private final Map<String, Integer> perSource = new HashMap<>();

    PendingHandshakes(HandshakeLimits limits) {
        this.limits = limits;
    }

    /**
     * Admits {@code ch}, accepted from {@code source}, or says why it must be closed at once. When
     * the node-wide limit is reached, the oldest pending connection is closed to make room and
     * returned through {@code evicted}.
     *
     * @return null when admitted, else the reason for the refusal
     */
    String admit(Channel ch, String source, Evicted evicted) {
        int fromSource = perSource.getOrDefault(source, 0);
        if (fromSource >= limits.maxUnauthenticatedPerSource()) {
            return "over " + limits.maxUnauthenticatedPerSource() + " connections in their handshake from one address";
        }
        if (pending.size() >= limits.maxUnauthenticated()) {
            Iterator<Map.Entry<Channel, String>> oldest = pending.entrySet().iterator();
            Map.Entry<Channel, String> e = oldest.next();
            Channel victim = e.getKey();
            String victimSource = e.getValue();
            remove(victim);
            victim.close();
            evicted.closed(victimSource);
        }
        pending.put(ch, source);
        perSource.merge(source, 1, Integer::sum);
        return null;
    }

    /** {@code ch} authenticated or closed: it no longer counts. */
    void remove(Channel ch) {
        String source = pending.remove(ch);
        if (source != null) {
            perSource.computeIfPresent(source, (s, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Connections in their handshake now. */
    int size() {
        return pending.size();
    }

    /** Told the source of a connection closed to make room for a newer one. */
    @FunctionalInterface
    interface Evicted {
        void closed(String source);
    }
}
