package org.vigne.dht;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.Item;

/**
 * One key a node stores for one DHT: its latest version (a value or a tombstone), and this node's
 * view of it: the replica set last observed (and reported to the handler), whether this node is its
 * root, whether as root it has synced the key since the view last changed, writes in flight, and
 * the hand-off acknowledgements collected while it moves away.
 */
final class StoredKey {
    static final byte[] EMPTY = new byte[0];

    final Id key;
    long version;
    byte[] value = EMPTY;
    boolean tombstone;
    /** When this node stored the current version (local clock): tombstones are collected by age. */
    long storedAtMs;

    /** Replica set last observed, closest first; empty before the first observation. Set by {@link KeyStore#place}. */
    List<NodeHandle> replicas = List.of();
    /** The range of {@link #replicas} this key is counted in; null while {@code replicas} is empty. */
    ReplicaRange range;
    /** Epoch of that observation. */
    int viewEpoch = Integer.MIN_VALUE;
    boolean root;
    /** As root: the versions of the other replicas have been collected since the replica set last changed. */
    boolean authoritative;
    /** Writes this node ordered as root and not finished yet. */
    int inflightWrites;
    /** Gets parked until the writes in flight finish, so a get never returns an unacknowledged version. */
    List<Runnable> parkedGets;
    /** Hand-off in progress: node id to the version it acknowledged. */
    Map<Id, Long> handoffAcks;
    /** Hand-off in progress: node id to when the key was last sent to it. */
    Map<Id, Long> handoffSentMs;
    boolean dropped;

    StoredKey(Id key) {
        this.key = key;
    }

    Item item() {
        return new Item(key, version, value, tombstone);
    }

    /** Takes {@code it} if it is newer than what is stored; returns true when it did. Only through {@link KeyStore#offer}. */
    boolean offer(Item it, long nowMs) {
        if (it.version() <= version) {
            return false;
        }
        version = it.version();
        value = it.value();
        tombstone = it.tombstone();
        storedAtMs = nowMs;
        return true;
    }

    /** The version a caller sees: 0 for a removed key. */
    long visibleVersion() {
        return tombstone ? 0 : version;
    }

    void park(Runnable get) {
        if (parkedGets == null) {
            parkedGets = new ArrayList<>(2);
        }
        parkedGets.add(get);
    }

    List<Runnable> takeParked() {
        List<Runnable> out = parkedGets == null ? List.of() : parkedGets;
        parkedGets = null;
        return out;
    }

    /** True when the key may be (re)sent to {@code to} now: never sent, or last sent {@code resendMs} ago. */
    boolean mayHandOff(Id to, long nowMs, long resendMs) {
        if (handoffSentMs == null) {
            handoffSentMs = new HashMap<>();
        }
        Long last = handoffSentMs.get(to);
        if (last != null && nowMs - last < resendMs) {
            return false;
        }
        handoffSentMs.put(to, nowMs);
        return true;
    }

    void ackHandoff(Id from, long v) {
        if (handoffAcks == null) {
            handoffAcks = new HashMap<>();
        }
        handoffAcks.merge(from, v, Math::max);
    }
}
