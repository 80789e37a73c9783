package org.vigne.dht;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.OverlayMessage;

/**
 * The messages of the DHT service: plain records, so the wire codec can encode them. Sizes follow
 * the explicit model of {@link Message#sizeBytes()}: a header, 20 bytes per id,
 * {@link NodeHandle#WIRE_BYTES} per handle, 8 per long, 4 per int, 1 per boolean or enum, 4 plus the
 * length for a byte array, 1 plus the length for a (short, ASCII) name, 4 per list length.
 *
 * <p>Client traffic is a {@link Request} routed to the key's root, the root's {@link Reply}, the
 * root's {@link Store}/{@link StoreAck} exchange with the replicas of a write, and the replicas'
 * {@link WriteAck}s straight to the node that issued it. Everything else is maintenance: version
 * sync of a new root, anti-entropy, hand-offs ({@link #maintenance}).
 */
public sealed interface DhtMessage extends Message {

    /** The kind of a client request. */
    enum Op { GET, PUT, PUT_IF_VERSION, REMOVE }

    /** Why values are being transferred. */
    enum Purpose {
        /** Anti-entropy or re-replication: the receiver should hold these keys. */
        REPAIR,
        /** The sender is dropping these keys (it is no longer a replica, or it is leaving). */
        HANDOFF
    }

    /** Bytes of a DHT name on the wire. */
    static int name(String s) {
        return 1 + s.length();
    }

    /** Bytes of a byte array on the wire. */
    static int bytes(byte[] b) {
        return 4 + b.length;
    }

    /** Bytes of a list of items (no per-item header: they travel inside their message). */
    static int itemBytes(List<Item> l) {
        int n = 4;
        for (Item i : l) {
            n += i.sizeBytes();
        }
        return n;
    }

    /**
     * True when {@code m} (or the payload it routes) is DHT maintenance traffic: sync, anti-entropy,
     * repair and hand-off, as opposed to client requests and the writes they cause.
     */
    static boolean maintenance(Message m) {
        Message x = m instanceof OverlayMessage.Route r ? r.payload() : m;
        return x instanceof DhtMessage d && !(d instanceof Request || d instanceof Reply || d instanceof Store
                || d instanceof StoreAck || d instanceof WriteAck);
    }

    /**
     * A client operation, routed to the root of {@code key}. {@code value} is empty for gets and
     * removes; {@code expectedVersion} matters only for {@code PUT_IF_VERSION}. The root answers
     * {@code origin} directly; a client retry carries the same {@code requestId}.
     */
    record Request(String dht, Id key, Op op, byte[] value, long expectedVersion, long requestId, NodeHandle origin)
            implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + Id.BYTES + 1 + bytes(value) + 8 + 8 + NodeHandle.WIRE_BYTES;
        }
    }

    /** The root's answer to a {@link Request}; {@code value} is empty when there is none. */
    record Reply(long requestId, DhtResult.Status status, byte[] value, long version, String error)
            implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8 + 1 + bytes(value) + 8 + 2 + error.length();
        }
    }

    /** One version of one key, as replicas exchange them; travels only inside other messages. */
    record Item(Id key, long version, byte[] value, boolean tombstone) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return Id.BYTES + 8 + bytes(value) + 1;
        }
    }

    /**
     * Root to replica: store this version of a client write (if newer) and acknowledge, to the root
     * with a {@link StoreAck} and, when {@code origin} (the node that issued the request
     * {@code requestId}) is not the root, to {@code origin} with a {@link WriteAck}. {@code need} is
     * how many nodes, the root included, must hold the version before the write is acknowledged:
     * r, or the whole ring when it is smaller.
     */
    record Store(String dht, Item item, long writeId, NodeHandle origin, long requestId, int need)
            implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + item.sizeBytes() + 8 + NodeHandle.WIRE_BYTES + 8 + 4;
        }
    }

    /** Replica to root: it now holds {@code key} at {@code version} (at least the one written). */
    record StoreAck(String dht, long writeId, Id key, long version) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 8 + Id.BYTES + 8;
        }
    }

    /**
     * Replica to the node that issued a write: it holds {@code held} (at least {@code version}, the
     * version the root ordered for request {@code requestId}), and the write needs {@code need}
     * holders, the root included. The issuer completes the write once {@code need - 1} distinct nodes
     * other than the root hold exactly {@code version} ({@link Store}).
     */
    record WriteAck(long requestId, long version, long held, int need) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8 + 8 + 8 + 4;
        }
    }

    /** A root syncing a key before ordering or reading it: "I hold {@code version}; send me anything newer". */
    record VersionQuery(String dht, Id key, long version, long syncId) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + Id.BYTES + 8 + 8;
        }
    }

    /** Answer to a {@link VersionQuery}: the replica's version, and its item when newer than the asker's. */
    record VersionReply(String dht, long syncId, Id key, long version, List<Item> newer) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 8 + Id.BYTES + 8 + itemBytes(newer);
        }
    }

    /**
     * Anti-entropy, root to replica: an order-independent hash of the (key, version) pairs of the keys
     * the sender is root of and the receiver should replicate. Equal digests end the round.
     */
    record Digest(String dht, long hash, int count) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 8 + 4;
        }
    }

    /**
     * A {@link Digest} that asks for a {@link DigestMatch} when it matches, sent by a root that seeks
     * authority over its ranges ({@link RangeAuthority}). {@code viewHash} sums the ids of the root
     * and its r - 1 closest unsuspected nodes on each side, as the root sees them: the nodes that
     * decide the replica sets of the keys it is root of. The receiver confirms only if it sees the
     * same nodes there, so both agree on which keys the digest covers.
     */
    record ConfirmDigest(String dht, long hash, int count, long viewHash) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 8 + 4 + 8;
        }
    }

    /**
     * Answer to a {@link ConfirmDigest} that matched, in the same view of the root's neighbourhood:
     * the receiver holds the same keys at the same versions.
     */
    record DigestMatch(String dht, long hash, int count) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 8 + 4;
        }
    }

    /** Answer to a differing {@link Digest}: the receiver's versions of the keys the digest covers. */
    record Summary(String dht, List<Id> keys, List<Long> versions) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 4 + keys.size() * Id.BYTES + 4 + versions.size() * 8;
        }
    }

    /** Asks for the sender's items of these keys (the asker's are missing or older). */
    record Fetch(String dht, List<Id> keys) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 4 + keys.size() * Id.BYTES;
        }
    }

    /** Values for the receiver to store if newer; acknowledged with a {@link TransferAck}. */
    record Transfer(String dht, List<Item> items, long transferId, Purpose purpose) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + itemBytes(items) + 8 + 1;
        }
    }

    /**
     * A hand-off offer: the sender is dropping these keys at these versions; the receiver answers with
     * a {@link TransferAck} of the versions it holds, and only those that lack one get the value.
     */
    record Offer(String dht, List<Id> keys, List<Long> versions) implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 4 + keys.size() * Id.BYTES + 4 + versions.size() * 8;
        }
    }

    /** The versions the receiver of a {@link Transfer} or an {@link Offer} now holds of its keys. */
    record TransferAck(String dht, long transferId, Purpose purpose, List<Id> keys, List<Long> versions)
            implements DhtMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + name(dht) + 8 + 1 + 4 + keys.size() * Id.BYTES + 4 + versions.size() * 8;
        }
    }
}
