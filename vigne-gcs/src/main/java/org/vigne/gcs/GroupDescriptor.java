package org.vigne.gcs;

import java.nio.ByteBuffer;

/**
 * The value a group's key holds in its DHT: who created the group (client and sequence of the
 * creation, 0 when the key was written again by a leader) and its generation. A creation is a
 * conditional put of this value on an absent key, so two creators cannot both start the group; a
 * creator that finds its own descriptor there (its earlier attempt got that far) goes on.
 */
record GroupDescriptor(long creatorClient, long creatorSeq, long generation) {
    static final int BYTES = 24;

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(creatorClient).putLong(creatorSeq).putLong(generation).array();
    }

    /** The descriptor in {@code value}, or null when it is not one. */
    static GroupDescriptor decode(byte[] value) {
        if (value == null || value.length != BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return new GroupDescriptor(b.getLong(), b.getLong(), b.getLong());
    }
}
