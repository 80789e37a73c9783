package org.vigne.sync;

import org.vigne.core.NodeHandle;

/**
 * One operation of a participant on one barrier or semaphore of its application, as the sync
 * group's log carries it.
 *
 * <p>{@code (process, epoch, seq)} makes it idempotent: for an arrival {@code seq} is the barrier
 * generation the participant arrives in; for a semaphore operation it is the participant's own
 * count of operations on that semaphore in this epoch. A retry carries the same numbers and is
 * never counted twice. {@code node} is where the answer goes (the participant's node); a retry
 * from the same participant may name it again.
 *
 * @param count the barrier's parties for an arrival, permits otherwise
 */
public record SyncOp(OpKind kind, String name, int process, long epoch, long seq, int count, NodeHandle node) {
    /** Longest object name, in characters. */
    public static final int MAX_NAME = 128;

    public SyncOp {
        if (kind == null || node == null || name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("an operation needs a kind, a node and a name of 1 to " + MAX_NAME
                    + " characters");
        }
        if (process < 0 || epoch < 0 || seq < 0 || count < 1) {
            throw new IllegalArgumentException("process, epoch and sequence are at least 0 and the count at least 1");
        }
    }

    /** True when {@code other} is this operation again (a retry), wherever its answer should go. */
    public boolean sameAs(SyncOp other) {
        return kind == other.kind && process == other.process && epoch == other.epoch && seq == other.seq
                && name.equals(other.name);
    }

    /** Bytes on the wire: kind, name, process, epoch, sequence, count and the node's handle. */
    int sizeBytes() {
        return 1 + 2 + name.length() + 4 + 8 + 8 + 4 + NodeHandle.WIRE_BYTES;
    }
}
