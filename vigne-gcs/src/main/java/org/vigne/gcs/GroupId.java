package org.vigne.gcs;

import org.vigne.core.Id;

/**
 * A group's location-independent name: a key of the DHT called {@code kind}, whose replica set
 * hosts the group. The kind also names the state machine every replica of the group runs.
 */
public record GroupId(String kind, Id key) {
    public GroupId {
        if (kind == null || kind.isEmpty() || kind.length() > 64 || key == null) {
            throw new IllegalArgumentException("a group is a kind (1 to 64 characters) and a key");
        }
    }

    /** Wire bytes: the kind's length-prefixed name and the key. */
    public int sizeBytes() {
        return 1 + kind.length() + Id.BYTES;
    }

    @Override
    public String toString() {
        return kind + "/" + key.shortString();
    }
}
