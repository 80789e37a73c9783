package org.vigne.gcs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A receiving node's memory of the output ids it has delivered, to drop copies: the most recent
 * {@code capacity} ids, oldest forgotten first. Senders re-send only within a bounded window of
 * entries and time, so a copy older than this memory does not arrive in practice.
 */
final class OutputFilter {
    private final Map<OutputId, Boolean> seen;

    OutputFilter(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<OutputId, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code id} is offered (deliver it), false for a copy. */
    boolean firstTime(OutputId id) {
        return seen.put(id, Boolean.TRUE) == null;
    }
}
