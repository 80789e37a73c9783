package org.vigne.core;

/**
 * A message between nodes. Messages are immutable records grouped by service in sealed
 * interfaces; the service stack dispatches each one to the service that registered its family.
 */
public interface Message {
    /**
     * Size in bytes of this message as the wire codec frames it. The simulator charges these
     * bytes to bandwidth figures; implementations follow an explicit per-type size model
     * (a 12-byte frame header, 20 bytes per id, {@link NodeHandle#WIRE_BYTES} per handle).
     */
    int sizeBytes();

    /** Bytes of the frame header every message pays: length, type, sender, nonce. */
    int HEADER_BYTES = 12 + NodeHandle.WIRE_BYTES;
}
