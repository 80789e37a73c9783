package org.vigne.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupOutput;

/** Builds sync commands and reads the answers a state machine produced, for tests. */
final class Ops {
    private Ops() {
    }

    static NodeHandle node(int i) {
        return new NodeHandle(Id.sha1("node" + i), "sim", i);
    }

    static SyncOp arrive(String name, int process, long epoch, long generation, int parties) {
        return new SyncOp(OpKind.ARRIVE, name, process, epoch, generation, parties, node(process));
    }

    static SyncOp sem(OpKind kind, String name, int process, long epoch, long seq, int permits) {
        return new SyncOp(kind, name, process, epoch, seq, permits, node(process));
    }

    static byte[] batch(SyncOp... ops) {
        return SyncCodec.encode(new SyncCommand.Batch(List.of(ops)));
    }

    static byte[] reset(long epoch) {
        return SyncCodec.encode(new SyncCommand.Reset(SyncState.fresh(epoch)));
    }

    static byte[] reset(long epoch, String sem, int capacity, int... holderPermitPairs) {
        TreeMap<Integer, Integer> h = new TreeMap<>();
        for (int i = 0; i < holderPermitPairs.length; i += 2) {
            h.put(holderPermitPairs[i], holderPermitPairs[i + 1]);
        }
        return SyncCodec.encode(new SyncCommand.Reset(new SyncState(epoch,
                List.of(new SyncState.SemaphoreState(sem, capacity, h)))));
    }

    static byte[] gone(int process, long epoch) {
        return SyncCodec.encode(new SyncCommand.Gone(process, epoch));
    }

    /** Every notice of {@code a}, in order, with the node each went to. */
    static List<Sent> sent(Applied a) {
        List<Sent> out = new ArrayList<>();
        for (GroupOutput o : a.outputs()) {
            for (Notice n : Answers.decode(o.payload())) {
                out.add(new Sent(o.target(), n));
            }
        }
        return out;
    }

    static List<Notice> notices(Applied a) {
        List<Notice> out = new ArrayList<>();
        for (Sent s : sent(a)) {
            out.add(s.notice());
        }
        return out;
    }

    record Sent(NodeHandle to, Notice notice) {
    }
}
