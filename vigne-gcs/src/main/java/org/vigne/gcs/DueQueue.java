package org.vigne.gcs;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's group clock as a timing wheel: every active replica waits in the bucket of the node
 * tick at which it next has something to do ({@link GroupReplica#dueTick()}), so a tick touches
 * only the replicas due then, not every active one. A replica is in at most one bucket that
 * counts ({@link GroupReplica#queuedTick}): moving it leaves a stale entry behind, skipped when its
 * bucket comes. A due tick beyond the wheel's span waits in the wheel's last slot and is queued
 * again from there.
 */
final class DueQueue {
    private static final int SPAN = 256;

    @SuppressWarnings("unchecked")
    private final List<GroupReplica>[] slots = new List[SPAN];
    private int queued;

    DueQueue() {
        for (int i = 0; i < SPAN; i++) {
            slots[i] = new ArrayList<>();
        }
    }

    /** Queues {@code g} for {@code tick} (after {@code now}) unless it already waits for an earlier tick still to come. */
    void schedule(GroupReplica g, long tick, long now) {
        long at = Math.min(tick, now + SPAN - 1);
        if (g.queuedTick > now && g.queuedTick <= at) {
            return;
        }
        g.queuedTick = at;
        slots[(int) (at % SPAN)].add(g);
        queued++;
    }

    /** The replicas queued for {@code tick}, stale entries included (check {@code queuedTick}); reuse before the next take. */
    List<GroupReplica> take(long tick) {
        List<GroupReplica> slot = slots[(int) (tick % SPAN)];
        if (slot.isEmpty()) {
            return List.of();
        }
        List<GroupReplica> out = new ArrayList<>(slot);
        queued -= slot.size();
        slot.clear();
        return out;
    }

    boolean isEmpty() {
        return queued == 0;
    }

    void clear() {
        for (List<GroupReplica> s : slots) {
            s.clear();
        }
        queued = 0;
    }
}
