package org.vigne.sync;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.vigne.core.NodeHandle;

/**
 * Writes the explicit big-endian layout of the synchronisation service's commands, answers and
 * snapshots. The same values always give the same bytes, so replicas that encode alike agree.
 */
final class ByteSink {
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;

    ByteSink(int sizeHint) {
        bytes = new ByteArrayOutputStream(Math.max(16, sizeHint));
        out = new DataOutputStream(bytes);
    }

    ByteSink u8(int v) {
        return io(() -> out.writeByte(v));
    }

    ByteSink i32(int v) {
        return io(() -> out.writeInt(v));
    }

    ByteSink i64(long v) {
        return io(() -> out.writeLong(v));
    }

    ByteSink bool(boolean v) {
        return io(() -> out.writeBoolean(v));
    }

    /** A string as modified UTF-8 with a two-byte length (names are short). */
    ByteSink str(String s) {
        return io(() -> out.writeUTF(s));
    }

    ByteSink handle(NodeHandle h) {
        return io(() -> {
            out.write(h.id().toBytes());
            out.writeUTF(h.host());
            out.writeInt(h.port());
        });
    }

    ByteSink op(SyncOp op) {
        u8(op.kind().ordinal()).str(op.name()).i32(op.process()).i64(op.epoch()).i64(op.seq()).i32(op.count());
        return handle(op.node());
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private ByteSink io(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
