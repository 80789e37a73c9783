package org.vigne.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.core.NodeHandle;

/**
 * One named barrier of an application, inside the sync group's state machine. A generation
 * completes when as many distinct participants as its party count arrived in it; then every one
 * of them is released and the next generation begins, with its party count set by its first
 * arrival. Arrivals are idempotent per (process, epoch, generation): a retry finds its process
 * already counted, or its generation already released.
 */
final class Barrier {
    final String name;
    /** The generation now gathering arrivals; every earlier one was released. */
    private long generation;
    /** Parties of the current generation, 0 until its first arrival. */
    private int parties;
    /** Who arrived in the current generation, and where their answers go, in arrival order. */
    private final LinkedHashMap<Integer, NodeHandle> arrived = new LinkedHashMap<>();

    Barrier(String name) {
        this.name = name;
    }

    long generation() {
        return generation;
    }

    int parties() {
        return parties;
    }

    int arrivedCount() {
        return arrived.size();
    }

    /** Applies an arrival of the current epoch; {@code brokenBy} says why the epoch's barriers are broken, or is null. */
    void arrive(SyncOp op, String brokenBy, Answers out) {
        if (brokenBy != null) {
            out.add(op, Outcome.BROKEN, brokenBy);
        } else if (op.seq() < generation) {
            out.add(op, Outcome.RELEASED, ""); // a retry whose release was lost: that generation completed
        } else if (op.seq() > generation) {
            out.add(op, Outcome.REFUSED, "barrier \"" + name + "\" is at generation " + generation
                    + "; an arrival in generation " + op.seq() + " is ahead of it");
        } else if (parties != 0 && op.count() != parties) {
            out.add(op, Outcome.REFUSED, "barrier \"" + name + "\" has " + parties + " parties in generation "
                    + generation + "; this await says " + op.count());
        } else {
            parties = op.count();
            arrived.put(op.process(), op.node());
            if (arrived.size() >= parties) {
                release(op, out);
            }
        }
    }

    private void release(SyncOp last, Answers out) {
        for (Map.Entry<Integer, NodeHandle> e : arrived.entrySet()) {
            SyncOp waiter = new SyncOp(OpKind.ARRIVE, name, e.getKey(), last.epoch(), generation, parties, e.getValue());
            out.add(waiter, Outcome.RELEASED, "");
        }
        arrived.clear();
        parties = 0;
        generation++;
    }

    /** Answers every participant waiting in the current generation with {@code outcome} (the epoch broke or ended). */
    void answerWaiters(long epoch, Outcome outcome, String detail, Answers out) {
        for (Map.Entry<Integer, NodeHandle> e : arrived.entrySet()) {
            out.add(new SyncOp(OpKind.ARRIVE, name, e.getKey(), epoch, generation, parties, e.getValue()), outcome,
                    detail);
        }
        arrived.clear();
    }

    void write(ByteSink out) {
        out.str(name).i64(generation).i32(parties).i32(arrived.size());
        arrived.forEach((process, node) -> out.i32(process).handle(node));
    }

    static Barrier read(ByteSource in) {
        Barrier b = new Barrier(in.str());
        b.generation = in.i64();
        b.parties = in.i32();
        int n = in.count(4 + 20 + 2 + 4);
        for (int i = 0; i < n; i++) {
            b.arrived.put(in.i32(), in.handle());
        }
        return b;
    }
}
