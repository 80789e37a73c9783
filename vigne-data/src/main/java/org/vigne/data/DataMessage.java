package org.vigne.data;

import java.util.List;
import java.util.Objects;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * The messages of the volatile data management service: plain records, so a wire codec can
 * encode them. Every message names its object and the application epoch it belongs to; a node
 * drops messages of an older epoch than its own. Sizes follow the model of
 * {@link Message#sizeBytes()}: a header, the object name (two length-prefixed strings), 8 bytes per
 * long, 4 per int, 1 per enum, {@link NodeHandle#WIRE_BYTES} per handle, 4 plus the length for a
 * value, 4 plus the handles for a list.
 *
 * <p>Channels are unreliable: any message may be lost, delayed, reordered or duplicated. Requests
 * are retransmitted by their requester with the same {@code requestSeq}; mastership hand-offs and
 * invalidations are retransmitted until acknowledged; every handler is idempotent.
 */
public sealed interface DataMessage extends Message {
    /** The object this message is about. */
    ObjectName object();

    /** The application epoch this message belongs to. */
    long epoch();

    /** What an access request asks for. */
    enum Kind {
        /** A readable copy of the value. */
        READ,
        /** Mastership (write access). */
        WRITE
    }

    /** Bytes of a value on the wire. */
    static int bytes(byte[] b) {
        return 4 + b.length;
    }

    /** Bytes of the fields every message carries. */
    private static int base(ObjectName o) {
        return HEADER_BYTES + o.wireBytes() + 8;
    }

    /**
     * An access request of {@code requester}'s copy, on its way to the master: routed to the
     * object manager (STAT, or DYN's backup) or sent along probable owners (DYN). Every node that
     * passes it on adds one to {@code hops}. {@code epochMaster} is the master the epoch started
     * with, which a manager that lost its record starts from.
     */
    record Access(ObjectName object, long epoch, Kind kind, NodeHandle requester, long requestSeq,
                  NodeHandle epochMaster, int hops) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 1 + 2 * NodeHandle.WIRE_BYTES + 8 + 4;
        }

        Access forwarded() {
            return new Access(object, epoch, kind, requester, requestSeq, epochMaster, hops + 1);
        }
    }

    /**
     * The master's answer to a read request: the value, its version, and who the master is (the
     * requester's new probable owner). The master has added the requester to its copy set.
     */
    record ReadGrant(ObjectName object, long epoch, long requestSeq, byte[] value, long version, long ownerSeq,
                     NodeHandle master) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 8 + bytes(value) + 8 + 8 + NodeHandle.WIRE_BYTES;
        }
    }

    /**
     * Mastership handed from {@code from} to the receiver: the value, its version, the copies that
     * may still be valid, the mastership sequence number {@code ownerSeq} (one more at every
     * hand-off, so a duplicate is recognised), and the last write request served for each member
     * that asked (so a retransmitted request that arrives after it was served does not pull
     * mastership back). Retransmitted until acknowledged.
     */
    record Transfer(ObjectName object, long epoch, long ownerSeq, byte[] value, long version,
                    List<NodeHandle> copySet, List<Served> served, NodeHandle from) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 8 + bytes(value) + 8 + 4 + copySet.size() * NodeHandle.WIRE_BYTES
                    + 4 + served.size() * (Id.BYTES + 8) + NodeHandle.WIRE_BYTES;
        }
    }

    /** The write request {@code requestSeq} of {@code requester} was served (mastership went to it). */
    record Served(Id requester, long requestSeq) {
    }

    /** The new master received mastership {@code ownerSeq}. */
    record TransferAck(ObjectName object, long epoch, long ownerSeq) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 8;
        }
    }

    /** The master is about to write: every copy of a version up to {@code version} must become invalid. */
    record Invalidate(ObjectName object, long epoch, long version, NodeHandle master) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 8 + NodeHandle.WIRE_BYTES;
        }
    }

    /** The sender's copy holds no value of a version up to {@code version} any more. */
    record InvalidateAck(ObjectName object, long epoch, long version) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 8;
        }
    }

    /** Routed to the object manager: {@code master} holds mastership {@code ownerSeq} of the object. */
    record MasterIs(ObjectName object, long epoch, long ownerSeq, NodeHandle master) implements DataMessage {
        @Override
        public int sizeBytes() {
            return base(object) + 8 + NodeHandle.WIRE_BYTES;
        }
    }

    /**
     * True when {@code m}'s fields are acceptable (no nulls, no negative numbers, no value over
     * {@code maxValueBytes}); anything else is dropped and counted, never trusted.
     */
    static boolean wellFormed(DataMessage m, int maxValueBytes, int maxCopies) {
        if (m.object() == null || m.epoch() < 0) {
            return false;
        }
        if (m instanceof Access a) {
            return a.kind() != null && a.requester() != null && a.epochMaster() != null && a.requestSeq() >= 0
                    && a.hops() >= 0;
        } else if (m instanceof ReadGrant g) {
            return g.value() != null && g.value().length <= maxValueBytes && g.version() >= 0 && g.ownerSeq() >= 0
                    && g.master() != null && g.requestSeq() >= 0;
        } else if (m instanceof Transfer t) {
            return t.value() != null && t.value().length <= maxValueBytes && t.version() >= 0 && t.ownerSeq() > 0
                    && t.from() != null && t.copySet() != null && t.copySet().size() <= maxCopies
                    && t.copySet().stream().allMatch(Objects::nonNull) && t.served() != null
                    && t.served().size() <= maxCopies
                    && t.served().stream().allMatch(x -> x != null && x.requester() != null);
        } else if (m instanceof TransferAck a) {
            return a.ownerSeq() > 0;
        } else if (m instanceof Invalidate i) {
            return i.version() >= 0 && i.master() != null;
        } else if (m instanceof InvalidateAck a) {
            return a.version() >= 0;
        } else if (m instanceof MasterIs p) {
            return p.ownerSeq() >= 0 && p.master() != null;
        }
        return false;
    }
}
