package org.vigne.sync;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Reads what {@link ByteSink} wrote. Malformed input (a peer's garbled bytes, a truncated
 * command) throws {@link IllegalArgumentException}; lengths are checked against what is left, so
 * a bad length never makes it allocate much.
 */
final class ByteSource {
    private final DataInputStream in;
    private final int length;

    ByteSource(byte[] data) {
        this.in = new DataInputStream(new ByteArrayInputStream(data));
        this.length = data.length;
    }

    int u8() {
        return read(in::readUnsignedByte);
    }

    int i32() {
        return read(in::readInt);
    }

    long i64() {
        return read(in::readLong);
    }

    boolean bool() {
        return read(in::readBoolean);
    }

    String str() {
        return read(in::readUTF);
    }

    /** A count of items that each take at least {@code minBytes}: refused when the rest cannot hold them. */
    int count(int minBytes) {
        int n = i32();
        if (n < 0 || (long) n * minBytes > remaining()) {
            throw new IllegalArgumentException("bad count " + n);
        }
        return n;
    }

    NodeHandle handle() {
        byte[] id = new byte[Id.BYTES];
        read(() -> {
            in.readFully(id);
            return null;
        });
        return new NodeHandle(Id.fromBytes(id), str(), i32());
    }

    SyncOp op() {
        return new SyncOp(OpKind.of(u8()), str(), i32(), i64(), i64(), i32(), handle());
    }

    int remaining() {
        return read(in::available);
    }

    /** Fails unless every byte was read (trailing garbage is as bad as missing bytes). */
    void end() {
        if (remaining() != 0) {
            throw new IllegalArgumentException(remaining() + " unexpected trailing bytes of " + length);
        }
    }

    private interface Read<T> {
        T run() throws IOException;
    }

    private static <T> T read(Read<T> r) {
        try {
            return r.run();
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
