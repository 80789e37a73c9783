package org.vigne.net.groups;

import java.nio.ByteBuffer;

/**
 * A counter group's state as a replica (or a command's result) reports it.
 *
 * @param applies commands applied since the group was created
 * @param sum the sum of their amounts
 * @param chain hash chain of every (index, command) applied: equal chains, equal histories
 * @param lastIndex log index of the last command applied
 */
public record CounterState(long applies, long sum, long chain, long lastIndex) {
    /** Bytes of a command's result. */
    public static final int BYTES = 4 * Long.BYTES;

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(applies).putLong(sum).putLong(chain).putLong(lastIndex).array();
    }

    /** The state a command's result holds, or null when {@code b} is not one. */
    public static CounterState of(byte[] b) {
        if (b == null || b.length != BYTES) {
            return null;
        }
        ByteBuffer x = ByteBuffer.wrap(b);
        return new CounterState(x.getLong(), x.getLong(), x.getLong(), x.getLong());
    }
}
