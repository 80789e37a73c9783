package org.vigne.gcs.raft;

/**
 * One entry of a group's log. {@code clientId} and {@code seq} identify a client command (client
 * sessions apply a retried command once); {@code stampMs} is the group's clock when the leader
 * appended it (client sessions expire by it, the same on every replica); {@code config} is set on
 * {@link EntryKind#CONFIG} entries only; {@code data} is never null (empty when unused).
 */
public record Entry(long term, long index, EntryKind kind, byte[] data, long clientId, long seq, long stampMs,
                    Configuration config) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        if (data == null) {
            data = EMPTY;
        }
    }

    public static Entry noop(long term, long index) {
        return new Entry(term, index, EntryKind.NOOP, EMPTY, 0, 0, 0, null);
    }

    public static Entry config(long term, long index, Configuration c) {
        return new Entry(term, index, EntryKind.CONFIG, EMPTY, 0, 0, 0, c);
    }

    public static Entry command(long term, long index, byte[] data, long clientId, long seq) {
        return new Entry(term, index, EntryKind.COMMAND, data, clientId, seq, 0, null);
    }

    /** The same entry at another position (a proposal gets its term and index when appended). */
    public Entry at(long newTerm, long newIndex) {
        return new Entry(newTerm, newIndex, kind, data, clientId, seq, stampMs, config);
    }

    /** The same entry with the group clock's reading. */
    public Entry stamped(long ms) {
        return new Entry(term, index, kind, data, clientId, seq, ms, config);
    }

    /** True when the fields a peer could leave out or garble are consistent. */
    public boolean wellFormed() {
        return kind != null && term > 0 && index > 0 && (kind != EntryKind.CONFIG || config != null);
    }

    /** Wire bytes: term, index, kind, data, client id, sequence, stamp, optional configuration. */
    public int sizeBytes() {
        return 8 + 8 + 1 + 4 + data.length + 8 + 8 + 8 + 1 + (config == null ? 0 : config.sizeBytes());
    }
}
