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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final List<GroupReplica>[] slots = new List[SPAN];
    private int queued;
    /** No replica is queued before this tick; {@link Long#MIN_VALUE} when unknown (after a take). */
    private long earliest = Long.MAX_VALUE;
    private List<GroupReplica> spare = new ArrayList<>();

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
        if (earliest != Long.MIN_VALUE) {
            earliest = Math.min(earliest, at);
        }
    }

    /** The replicas queued for {@code tick}, stale entries included (check {@code queuedTick}); valid until the next take. */
    List<GroupReplica> take(long tick) {
        int i = (int) (tick % SPAN);
        List<GroupReplica> slot = slots[i];
        if (earliest <= tick) {
            earliest = Long.MIN_VALUE;
        }
        if (slot.isEmpty()) {
            return List.of();
        }
        // The slot's list itself goes out; the one taken last time, read by now, takes its place.
        spare.clear();
        slots[i] = spare;
        spare = slot;
        queued -= slot.size();
        return slot;
    }

    /**
     * The first tick after {@code now} with replicas queued (stale entries included), or
     * {@link Long#MAX_VALUE}; every tick up to {@code now} must have been taken.
     */
    long earliest(long now) {
        if (earliest == Long.MIN_VALUE) {
            earliest = Long.MAX_VALUE;
            for (long t = now + 1; queued > 0 && t < now + SPAN; t++) {
                if (!slots[(int) (t % SPAN)].isEmpty()) {
                    earliest = t;
                    break;
                }
            }
        }
        return earliest;
    }

    boolean isEmpty() {
        return queued == 0;
    }

    void clear() {
        for (List<GroupReplica> s : slots) {
            s.clear();
        }
        queued = 0;
        earliest = Long.MAX_VALUE;
    }
}
