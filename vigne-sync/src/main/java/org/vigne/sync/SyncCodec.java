package org.vigne.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.vigne.sync.SyncCommand.Batch;
import org.vigne.sync.SyncCommand.Capture;
import org.vigne.sync.SyncCommand.End;
import org.vigne.sync.SyncCommand.Gone;
import org.vigne.sync.SyncCommand.Reset;

/**
 * The explicit layout of sync commands and of the state a checkpoint implies: a version byte, a
 * type byte, then the fields (see {@link ByteSink}).
 */
final class SyncCodec {
    static final int VERSION = 1;

    private SyncCodec() {
    }

    /** Encodes {@code c}. */
    static byte[] encode(SyncCommand c) {
        ByteSink out = new ByteSink(64);
        out.u8(VERSION);
        if (c instanceof Batch b) {
            out.u8(1).i32(b.ops().size());
            for (SyncOp op : b.ops()) {
                out.op(op);
            }
        } else if (c instanceof Gone g) {
            out.u8(2).i32(g.process()).i64(g.epoch());
        } else if (c instanceof Reset r) {
            writeState(out.u8(3), r.state());
        } else if (c instanceof Capture) {
            out.u8(4);
        } else {
            out.u8(5);
        }
        return out.toBytes();
    }

    /** Decodes a command; throws {@link IllegalArgumentException} on malformed bytes. */
    static SyncCommand decode(byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        if (in.u8() != VERSION) {
            throw new IllegalArgumentException("unknown sync command version");
        }
        SyncCommand c = switch (in.u8()) {
            case 1 -> {
                int n = in.count(40);
                List<SyncOp> ops = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ops.add(in.op());
                }
                yield new Batch(ops);
            }
            case 2 -> new Gone(in.i32(), in.i64());
            case 3 -> new Reset(readState(in));
            case 4 -> new Capture();
            case 5 -> new End();
            default -> throw new IllegalArgumentException("unknown sync command type");
        };
        in.end();
        return c;
    }

    static void writeState(ByteSink out, SyncState s) {
        out.i64(s.epoch()).i32(s.semaphores().size());
        for (SyncState.SemaphoreState sem : s.semaphores()) {
            out.str(sem.name()).i32(sem.capacity()).i32(sem.holdings().size());
            sem.holdings().forEach((process, permits) -> out.i32(process).i32(permits));
        }
    }

    static SyncState readState(ByteSource in) {
        long epoch = in.i64();
        int n = in.count(10);
        List<SyncState.SemaphoreState> sems = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.str();
            int capacity = in.i32();
            int holders = in.count(8);
            TreeMap<Integer, Integer> holdings = new TreeMap<>();
            for (int j = 0; j < holders; j++) {
                holdings.put(in.i32(), in.i32());
            }
            sems.add(new SyncState.SemaphoreState(name, capacity, holdings));
        }
        return new SyncState(epoch, sems);
    }

    /** The bytes of a state alone (a capture's result). */
    static byte[] encodeState(SyncState s) {
        ByteSink out = new ByteSink(32);
        writeState(out.u8(VERSION), s);
        return out.toBytes();
    }

    static SyncState decodeState(byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        if (in.u8() != VERSION) {
            throw new IllegalArgumentException("unknown sync state version");
        }
        SyncState s = readState(in);
        in.end();
        return s;
    }
}
