package org.vigne.dht;

import java.util.function.Consumer;
import org.vigne.core.Id;

/**
 * One named DHT as a node's services use it. Every operation is asynchronous: it returns at once
 * and its {@code done} callback later runs exactly once on the node's event loop (never inside the
 * call itself), with {@code OK} or a failure status; a request no root answers completes with
 * {@code TIMEOUT} after {@link DhtConfig#opTimeoutMs()}. Must be called on the node's event loop.
 *
 * <p>Writes are acknowledged only once r nodes hold them, so an acknowledged value survives any
 * r - 1 crashes after the acknowledgement. Versions are ordered by the key's root and are opaque
 * positive numbers; 0 means "no value".
 */
public interface Dht {
    /** The name every node gives this DHT. */
    String name();

    /** Replication degree r: a key lives on its root and the r - 1 next closest nodes. */
    int replicas();

    /** Stores {@code value} under {@code key}, whatever version is there. */
    void put(Id key, byte[] value, Consumer<DhtResult> done);

    /**
     * Stores {@code value} only if the key's current version is {@code expectedVersion} (the one the
     * caller last read; 0 = the key must not exist), else completes with {@code CONFLICT} carrying the
     * current value and version. Read-modify-write without losing a concurrent update.
     */
    void putIfVersion(Id key, byte[] value, long expectedVersion, Consumer<DhtResult> done);

    /** Reads the latest acknowledged value of {@code key}, or {@code NOT_FOUND}. */
    void get(Id key, Consumer<DhtResult> done);

    /** Removes {@code key} (a versioned tombstone, so no replica resurrects it); {@code NOT_FOUND} if absent. */
    void remove(Id key, Consumer<DhtResult> done);

    /** Installs the handler told about root and replica-set changes of this node's keys (null: none). */
    void setHandler(DhtHandler handler);

    /** Keys this node stores for this DHT (any role), tombstones excluded. */
    int localKeyCount();

    /** Version of {@code key} this node stores (a tombstone's included), 0 when it stores none. For measurement and tools. */
    long localVersion(Id key);
}
