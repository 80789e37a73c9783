package org.vigne.dht;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage.Reply;

/**
 * The root's memory of recent writes, so a client's retry (same origin, same request id) is not
 * executed twice: a retry of a request in progress is ignored, a retry of a finished one gets the
 * same reply again. Bounded in size and age (entries older than twice the operation timeout go).
 * Gets are not remembered ({@link RootOps}): a get run twice is still a read within the client's
 * operation, and remembering them would let a burst of reads crowd the writes out of the bound.
 */
final class RequestCache {
    private record Key(Id origin, long requestId) {
    }

    private static final class Slot {
        final long atMs;
        Reply reply;

        Slot(long atMs) {
            this.atMs = atMs;
        }
    }

    private final LinkedHashMap<Key, Slot> slots = new LinkedHashMap<>();
    private final int capacity;
    private final long maxAgeMs;

    RequestCache(int capacity, long maxAgeMs) {
        this.capacity = capacity;
        this.maxAgeMs = maxAgeMs;
    }

    /** What is known of a request: absent (null), in progress (a slot without reply) or answered. */
    boolean seen(Id origin, long requestId) {
        return slots.containsKey(new Key(origin, requestId));
    }

    /** The reply already given to this request, or null. */
    Reply reply(Id origin, long requestId) {
        Slot s = slots.get(new Key(origin, requestId));
        return s == null ? null : s.reply;
    }

    void started(Id origin, long requestId, long nowMs) {
        expire(nowMs);
        slots.put(new Key(origin, requestId), new Slot(nowMs));
    }

    void answered(Id origin, long requestId, Reply reply) {
        Slot s = slots.get(new Key(origin, requestId));
        if (s != null) {
            s.reply = reply;
        }
    }

    void expire(long nowMs) {
        Iterator<Map.Entry<Key, Slot>> it = slots.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Slot> e = it.next();
            if (slots.size() >= capacity || nowMs - e.getValue().atMs > maxAgeMs) {
                it.remove();
            } else {
                break;
            }
        }
    }

    int size() {
        return slots.size();
    }
}
