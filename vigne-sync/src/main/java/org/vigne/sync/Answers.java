package org.vigne.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GroupOutput;

/**
 * The answers one command of the sync log produces, gathered per node so that every node gets
 * one output however many of its participants the command answers (a barrier's release is one
 * output per node, not one per party). Insertion order is the order of application, the same on
 * every replica.
 */
final class Answers {
    private final Map<NodeHandle, List<Notice>> byNode = new LinkedHashMap<>();

    void add(SyncOp op, Outcome outcome, String detail) {
        byNode.computeIfAbsent(op.node(), n -> new ArrayList<>()).add(Notice.of(op, outcome, detail));
    }

    boolean isEmpty() {
        return byNode.isEmpty();
    }

    /** Notices of this command, in order (for tests). */
    List<Notice> notices() {
        List<Notice> out = new ArrayList<>();
        byNode.values().forEach(out::addAll);
        return out;
    }

    /** Each node and the notices for it, in order. */
    void forEachNode(java.util.function.BiConsumer<NodeHandle, List<Notice>> action) {
        byNode.forEach(action);
    }

    List<GroupOutput> outputs() {
        List<GroupOutput> out = new ArrayList<>(byNode.size());
        for (Map.Entry<NodeHandle, List<Notice>> e : byNode.entrySet()) {
            out.add(new GroupOutput(e.getKey(), encode(e.getValue())));
        }
        return out;
    }

    /** The payload of one output: a version byte and the notices. */
    static byte[] encode(List<Notice> notices) {
        ByteSink out = new ByteSink(16 + 40 * notices.size());
        out.u8(SyncCodec.VERSION).i32(notices.size());
        for (Notice n : notices) {
            out.u8(n.kind().ordinal()).str(n.name()).i32(n.process()).i64(n.epoch()).i64(n.seq())
                    .u8(n.outcome().ordinal()).str(n.detail());
        }
        return out.toBytes();
    }

    /** Decodes an output's payload; throws {@link IllegalArgumentException} on malformed bytes. */
    static List<Notice> decode(byte[] payload) {
        ByteSource in = new ByteSource(payload);
        if (in.u8() != SyncCodec.VERSION) {
            throw new IllegalArgumentException("unknown sync answer version");
        }
        int n = in.count(27);
        List<Notice> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Notice(OpKind.of(in.u8()), in.str(), in.i32(), in.i64(), in.i64(), Outcome.of(in.u8()),
                    in.str()));
        }
        in.end();
        return out;
    }
}
