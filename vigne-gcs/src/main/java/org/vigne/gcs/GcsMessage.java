package org.vigne.gcs;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.overlay.OverlayMessage;

/**
 * The messages of group communication: plain records, so the wire codec can encode them. Sizes
 * follow the explicit model of {@link Message#sizeBytes()}: a header, 20 bytes per id,
 * {@link NodeHandle#WIRE_BYTES} per handle, 8 per long, 4 per int or list length, 1 per flag or
 * enum, 4 plus the length for a byte array, 1 plus the length for a group kind.
 *
 * <p>Every message names its group by kind and key; those between replicas also carry the
 * group's generation and the sender's and receiver's member ids, so a message from an old
 * generation, to a member that is gone or for a group the node does not host is recognised and
 * dropped.
 */
public sealed interface GcsMessage extends Message {

    /** Bytes of a group kind on the wire. */
    static int kindBytes(String s) {
        return 1 + s.length();
    }

    /** Bytes of a byte array on the wire. */
    static int bytes(byte[] b) {
        return 4 + b.length;
    }

    /** True when {@code m} (or what it routes) belongs to group communication. */
    static boolean is(Message m) {
        Message x = m instanceof OverlayMessage.Route r ? r.payload() : m;
        return x instanceof GcsMessage || x instanceof RaftMessage;
    }

    /** The group named by {@code kind} and {@code key}, or null when a peer left them out or garbled them. */
    static GroupId groupOf(String kind, Id key) {
        return kind == null || key == null || kind.isEmpty() || kind.length() > 64 ? null : new GroupId(kind, key);
    }

    /** The group a message is about, or null for batches and malformed messages. */
    default GroupId group() {
        return null;
    }

    /**
     * A client command for a group, or with {@code create} the group's creation (its initial
     * command may be empty). Routed to the key's root, which forwards it to the leader (or, when it
     * hosts no replica, to the next closest node, at most {@code forwards} times). Retries carry
     * the same client id and sequence number.
     */
    record Submit(String kind, Id key, long clientId, long seq, byte[] command, boolean create, NodeHandle origin,
                  int forwards) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + bytes(command) + 1 + NodeHandle.WIRE_BYTES + 4;
        }
    }

    /** The leader's (or a forwarder's) answer to a {@link Submit}, sent to its origin; {@code leader} is a hint for the next one. */
    record SubmitReply(String kind, Id key, long clientId, long seq, SubmitResult.Status status, byte[] result, long index,
                       long generation, NodeHandle leader, String error) implements GcsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + 1 + bytes(result) + 8 + 8 + NodeHandle.WIRE_BYTES
                    + 2 + error.length();
        }
    }

    /**
     * A message of the group's log from member {@code from} to member {@code to}; {@code incarnation}:
     * the sending node's ({@link GcsContext#incarnation}).
     */
    record GroupRaft(String kind, Id key, long generation, long from, long to, RaftMessage body, int incarnation)
            implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + 8 + 1 + body.sizeBytes() + 4;
        }
    }

    /**
     * One node's heartbeats and answers to another, one message per node pair and heartbeat period
     * ({@link BeatBatcher}); {@code lease}: the sender leads active groups the receiver follows,
     * so the message itself says their leader's node is alive, and asks for an answer.
     * {@code incarnation}: the sending node's ({@link GcsContext#incarnation}).
     */
    record Beats(List<Beat> beats, boolean lease, int incarnation) implements GcsMessage {
        @Override
        public int sizeBytes() {
            int n = HEADER_BYTES + 4 + 1 + 4;
            for (Beat b : beats) {
                n += b.sizeBytes();
            }
            return n;
        }
    }

    /**
     * One group's heartbeat ({@code response} false) or its answer, inside {@link Beats}. A leader's
     * heartbeat carries its commit index for that follower, whether the group goes quiet, and the
     * index up to which its outputs are acknowledged.
     */
    record Beat(String kind, Id key, long generation, long from, long to, long term, long commit, boolean response,
                boolean quiesce, long outputsAcked) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return kindBytes(kind) + Id.BYTES + 8 + 8 + 8 + 8 + (response ? 0 : 8 + 8) + 1;
        }
    }

    /**
     * The sender's group communication started afresh, as a new node or after a restart under its
     * id with its state lost: it hosts no replica. Sent once to its leaf set when it joins. A
     * restart that beats the overlay's verdict is otherwise unseen by a quiet group, which keeps a
     * member that holds nothing until its next command (a failure meanwhile then costs the group its
     * majority); a receiver wakes its groups with a member on the sender, whose leaders then learn
     * from its "no replica" answer that the member must be replaced.
     */
    record Started() implements GcsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES;
        }
    }

    /** An output of a group's state machine, sent by the leader to its target node. */
    record Output(String kind, Id key, long generation, long index, int position, byte[] payload) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + 4 + bytes(payload);
        }
    }

    /** The target of an {@link Output} has it (whether new or a copy). */
    record OutputAck(String kind, Id key, long generation, long index, int position) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + 4;
        }
    }

    /**
     * "This node hosts no replica of the group as member {@code member}" (it restarted, or dropped
     * the replica): the leader stops waiting for that member and replaces it.
     */
    record NoReplica(String kind, Id key, long generation, long member) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8;
        }
    }

    /** "Member {@code member} was removed from the group, and the removal is committed": drop the replica. */
    record NotMember(String kind, Id key, long generation, long member) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8;
        }
    }

    /**
     * "Member {@code from}, leader of term {@code term}, no longer leads the group and knows no
     * successor" (it stepped down: its quorum fell silent, or it removed itself): follower
     * {@code to} stops taking the node lease of {@code from}'s node as its leader's liveness and
     * runs its own election clock, instead of waiting for the confirmation of the group to lapse
     * ({@link GroupLease}).
     */
    record Resigned(String kind, Id key, long generation, long from, long to, long term) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + 8 + 8;
        }
    }

    /** A survivor of a group that lost its majority asks the other survivors how far their logs go. */
    record RecoveryProbe(String kind, Id key, long generation, long from) implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8;
        }
    }

    /**
     * A survivor's answer to a {@link RecoveryProbe}: its member id and the end of its log, or a
     * negative last index when it still sees a quorum of its configuration (-1 with a leader, -2 without).
     */
    record RecoveryState(String kind, Id key, long generation, long member, long lastIndex, long lastTerm)
            implements GcsMessage {
        @Override
        public GroupId group() {
            return groupOf(kind, key);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + kindBytes(kind) + Id.BYTES + 8 + 8 + 8 + 8;
        }
    }
}
