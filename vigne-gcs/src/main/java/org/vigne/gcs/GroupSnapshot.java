package org.vigne.gcs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes of a group's snapshot: the group clock, the client sessions and the state machine's
 * own bytes, in an explicit layout (a version byte first), so any replica can restore it.
 */
final class GroupSnapshot {
    private static final int VERSION = 1;

    private GroupSnapshot() {
    }

    static byte[] encode(long clockMs, Sessions sessions, byte[] state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + state.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(clockMs);
            sessions.write(out);
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Restores {@code sessions} and returns the clock and the state machine's bytes; throws on malformed input. */
    static Decoded decode(byte[] data, Sessions sessions) throws IOException {
        if (data.length == 0) {
            return new Decoded(0, new byte[0]);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        if (in.readByte() != VERSION) {
            throw new IOException("unknown group snapshot version");
        }
        long clock = in.readLong();
        sessions.read(in, data.length);
        int n = in.readInt();
        if (n < 0 || n > data.length) {
            throw new IOException("bad state length " + n);
        }
        byte[] state = new byte[n];
        in.readFully(state);
        return new Decoded(clock, state);
    }

    record Decoded(long clockMs, byte[] state) {
    }
}
