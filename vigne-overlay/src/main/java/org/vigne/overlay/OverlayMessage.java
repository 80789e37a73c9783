package org.vigne.overlay;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * The messages of the system membership service. Sizes follow the explicit model of
 * {@link Message#sizeBytes()}: a header, 20 bytes per id, {@link NodeHandle#WIRE_BYTES} per handle,
 * 8 per long, 4 per int and 4 per list length.
 */
public sealed interface OverlayMessage extends Message {

    /** Bytes of a list of handles. */
    static int handles(List<NodeHandle> l) {
        return 4 + l.size() * NodeHandle.WIRE_BYTES;
    }

    /** One hop of a routed message; the receiver acknowledges {@code hopSeq} at once. */
    record Route(Id key, Message payload, NodeHandle origin, long hopSeq, int hops) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + Id.BYTES + NodeHandle.WIRE_BYTES + 8 + 4 + payload.sizeBytes() - HEADER_BYTES;
        }
    }

    /** Per-hop acknowledgement of a {@link Route}. */
    record RouteAck(long hopSeq) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8;
        }
    }

    /** Sent by a joining node to its bootstrap node, which routes a {@link JoinLookup} toward the joiner's id. */
    record JoinRequest(NodeHandle joiner) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + NodeHandle.WIRE_BYTES;
        }
    }

    /** The routed part of a join: every node on the path gives rows, the root its leaf set. */
    record JoinLookup(NodeHandle joiner) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + NodeHandle.WIRE_BYTES;
        }
    }

    /** State given to a joining node: routing-table candidates, and from the root its leaf set. */
    record JoinState(List<NodeHandle> table, List<NodeHandle> leaves, boolean fromRoot) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + handles(table) + handles(leaves) + 1;
        }
    }

    /** Leaf-set exchange (Bamboo push/pull): carries the sender's leaf set and asks for the receiver's. */
    record LeafSetPull(List<NodeHandle> leaves) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + handles(leaves);
        }
    }

    /** Answer to a {@link LeafSetPull}: the receiver's leaf set. */
    record LeafSetPush(List<NodeHandle> leaves) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + handles(leaves);
        }
    }

    /** Liveness probe; also measures round-trip time. */
    record Ping(long nonce) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8;
        }
    }

    /** Answer to a {@link Ping}. */
    record Pong(long nonce) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8;
        }
    }

    /** Local routing-table tuning: asks a neighbour for its row {@code row}. */
    record RowRequest(int row) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 4;
        }
    }

    /** Answer to a {@link RowRequest}. */
    record RowReply(int row, List<NodeHandle> nodes) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 4 + handles(nodes);
        }
    }

    /** Global routing-table tuning: routed toward an id in an empty slot; the root answers with nodes of that slot. */
    record FindNode(Id target, int row) implements OverlayMessage {
        /** Row -1: a node's check of its own place, routed without it; the root answers with its whole leaf set. */
        boolean selfCheck() {
            return row < 0;
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + Id.BYTES + 4;
        }
    }

    /** Answer to a {@link FindNode}: candidates that may fit the empty slot. */
    record FindNodeReply(List<NodeHandle> nodes) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + handles(nodes);
        }
    }

    /**
     * Sent to the successor every heartbeat period: "I am alive". Carries a digest of the sender's
     * leaf set, so the successor pulls that leaf set only when it changed. Now and then it is also
     * the sender's probe of the successor: a non-zero {@code probeNonce} asks for a {@link Pong},
     * which times the round trip (a heartbeat otherwise gives no RTT sample).
     */
    record Heartbeat(int leafSetDigest, long probeNonce) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 4 + (probeNonce == 0 ? 0 : 8);
        }
    }

    /**
     * {@code node}, an immediate neighbour of the sender, seemed dead to it: the receiver probes
     * {@code node} itself (suspicion, never proof) instead of waiting for its next periodic probe.
     */
    record FailureNotice(NodeHandle node) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + NodeHandle.WIRE_BYTES;
        }
    }

    /** A graceful leave: the departing node's leaf set, so neighbours can fill the gap at once. */
    record Leave(List<NodeHandle> leaves) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + handles(leaves);
        }
    }

    /**
     * A hint from the transport (never sent on the wire): the connection to {@code peer} broke or
     * could not be opened. The overlay probes the peer at once instead of waiting for its next probe.
     */
    record PeerUnreachable(NodeHandle peer) implements OverlayMessage {
        @Override
        public int sizeBytes() {
            return 0;
        }
    }
}
