package org.vigne.gcs.raft;

/**
 * A group's state at log index {@code index} (of term {@code term}): the configuration in force
 * there and the state machine's bytes (opaque to the log), so a replica can start from it and
 * take the log tail after it.
 */
public record Snapshot(long index, long term, Configuration config, byte[] data) {
    public Snapshot {
        if (data == null) {
            data = new byte[0];
        }
    }

    public boolean wellFormed() {
        return index >= 0 && term >= 0 && config != null && config.voters() != null;
    }

    public int sizeBytes() {
        return 8 + 8 + (config == null ? 0 : config.sizeBytes()) + 4 + data.length;
    }
}
