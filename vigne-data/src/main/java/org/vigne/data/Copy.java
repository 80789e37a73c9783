package org.vigne.data;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/**
 * One node's copy of one shared object in one epoch: its access rights, value and version, its
 * probable owner, and, while it is the master, the copy set. Everything a copy remembers is
 * bounded by the application's size, never by how long it runs: duplicates are recognised by a
 * few numbers (the highest mastership and invalidated versions, the current request's sequence
 * number), not by a history of what was seen.
 */
final class Copy {
    static final byte[] EMPTY = new byte[0];

    final ObjectName name;
    final Id key;
    final long epoch;
    /** The master this epoch started with (every node of the epoch agrees on it). */
    final NodeHandle epochMaster;
    private CopyState state = CopyState.INVALID;
    byte[] value = EMPTY;
    /** Version of {@link #value}: one more at every write; 0 is the checkpoint's value. */
    long version;
    /** Highest version an invalidation covered: a grant of a version up to it is stale. */
    long invalidUpTo = -1;
    /** Highest mastership sequence number this copy has held or handed on. */
    long ownerSeq;
    /** Where this copy believes the master is (Li's probable owner); null when it is the master. */
    NodeHandle probOwner;
    /** Master only: the nodes that may hold a valid copy. */
    final Map<Id, NodeHandle> copySet = new LinkedHashMap<>();
    /** Master only: per member, the last write request served (travels with mastership). */
    final Map<Id, Long> servedWrites = new LinkedHashMap<>();
    /** Master only: the invalidation before a write, while it runs. */
    InvalidationRound round;
    /** {@link CopyState#HANDING_OFF} only: the mastership being handed on. */
    HandOff handOff;
    /** Master only: access requests waiting while the master is busy invalidating. */
    final ArrayDeque<DataMessage.Access> queued = new ArrayDeque<>();
    /** Client accesses on this node, in order. */
    final ArrayDeque<LocalOp> ops = new ArrayDeque<>();
    /** The access request this copy has out, if any. */
    PendingRequest request;
    long lastRequestSeq;
    /** Component sessions holding a lease on this copy's value (near copies), by session. */
    final Map<Long, NearLeases.Lease> leases = new LinkedHashMap<>();
    /** While the near copies are being revoked before this copy is invalidated or overwritten. */
    NearLeases.Revocation revocation;
    /** Master only: the next publication of its location to the object manager. */
    Timer publish;

    /** An access request out to the master, retransmitted with the same sequence number until answered. */
    static final class PendingRequest {
        final DataMessage.Kind kind;
        final long seq;
        final long firstSentMs;
        int attempts;
        Timer retry;

        PendingRequest(DataMessage.Kind kind, long seq, long firstSentMs) {
            this.kind = kind;
            this.seq = seq;
            this.firstSentMs = firstSentMs;
        }
    }

    /** Mastership sent to {@code message.to}, retransmitted until acknowledged. */
    static final class HandOff {
        final NodeHandle target;
        final DataMessage.Transfer message;
        final long sentMs;
        int attempts = 1;
        Timer retry;

        HandOff(NodeHandle target, DataMessage.Transfer message, long sentMs) {
            this.target = target;
            this.message = message;
            this.sentMs = sentMs;
        }
    }

    Copy(ObjectName name, Id key, long epoch, NodeHandle epochMaster) {
        this.name = name;
        this.key = key;
        this.epoch = epoch;
        this.epochMaster = epochMaster;
        this.probOwner = epochMaster;
    }

    CopyState state() {
        return state;
    }

    /** Moves to {@code next}, throwing on a transition the protocol never makes. */
    void become(CopyState next) {
        state = state.to(next);
    }

    /** Makes this copy the master the epoch starts with, holding the checkpoint's value. */
    void startAsEpochMaster(byte[] checkpointValue) {
        if (state != CopyState.INVALID || ownerSeq != 0) {
            throw new IllegalStateException(name + ": only a fresh copy starts as the epoch's master");
        }
        value = checkpointValue;
        version = 0;
        ownerSeq = 1;
        probOwner = null;
        become(CopyState.MASTER_WRITE);
    }

    /**
     * Entries this copy holds besides its fixed fields: the copy set (the awaited acknowledgements
     * are a subset of it), the last write request served per member, queued requests, waiting
     * accesses and the leases of near copies. Bounded by the application's size, whatever the time it runs.
     */
    int entries() {
        return copySet.size() + servedWrites.size() + queued.size() + ops.size() + leases.size();
    }

    /** Cancels every timer of this copy (the copy is being dropped). */
    void cancelTimers() {
        if (round != null) {
            round.cancel();
        }
        if (handOff != null && handOff.retry != null) {
            handOff.retry.cancel();
        }
        if (request != null && request.retry != null) {
            request.retry.cancel();
        }
        if (publish != null) {
            publish.cancel();
        }
        if (revocation != null) {
            revocation.expiry.cancel();
        }
        for (LocalOp op : ops) {
            if (op.deadline != null) {
                op.deadline.cancel();
            }
        }
    }
}
