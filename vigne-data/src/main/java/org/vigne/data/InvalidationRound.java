package org.vigne.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/**
 * A master's invalidation of the other copies before a write: the write waits until every copy on
 * a node that runs components of the application has acknowledged. Copies on other nodes (useless
 * copies) are told too, but never waited for.
 */
final class InvalidationRound {
    /** The master's version when the round started: copies up to it must become invalid. */
    final long version;
    /** Copies whose acknowledgement the write still waits for. */
    final Map<Id, NodeHandle> waiting = new LinkedHashMap<>();
    final long startedMs;
    int attempts = 1;
    Timer retry;

    InvalidationRound(long version, long startedMs) {
        this.version = version;
        this.startedMs = startedMs;
    }

    /** True once no acknowledgement is awaited: the master may grant itself write access. */
    boolean complete() {
        return waiting.isEmpty();
    }

    void cancel() {
        if (retry != null) {
            retry.cancel();
        }
    }
}
