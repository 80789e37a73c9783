package org.vigne.sync;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One named counting semaphore of an application, inside the sync group's state machine:
 * {@code capacity} permits, taken by acquisitions in FIFO order (a large request at the head is
 * not overtaken, so it cannot starve) and given back by releases of permits the releasing
 * participant holds. {@code available + sum(held) == capacity} at all times, so no permit is ever
 * created or lost; a participant declared gone gives its permits back.
 *
 * <p>Operations are idempotent per (process, epoch, sequence): each participant numbers its
 * operations on a semaphore, one at a time, and the semaphore remembers the last one it applied
 * for each and how it ended, so a retry is answered again, never applied twice.
 */
final class CountingSemaphore {
    /** The last operation applied for one process, and whether it waits in the queue. */
    private static final class Last {
        long seq = -1;
        Outcome outcome;
        String detail = "";
        boolean waiting;
    }

    final String name;
    final int capacity;
    private int available;
    private final TreeMap<Integer, Integer> held = new TreeMap<>();
    private final TreeMap<Integer, Last> last = new TreeMap<>();
    private final ArrayDeque<SyncOp> queue = new ArrayDeque<>();

    CountingSemaphore(String name, int capacity, SortedMap<Integer, Integer> holdings) {
        this.name = name;
        this.capacity = capacity;
        this.held.putAll(holdings);
        int sum = 0;
        for (int h : holdings.values()) {
            sum += h;
        }
        this.available = capacity - sum;
    }

    int available() {
        return available;
    }

    int queued() {
        return queue.size();
    }

    SortedMap<Integer, Integer> holdings() {
        return new TreeMap<>(held);
    }

    /**
     * Applies {@code op} (a declaration that found this semaphore, an acquisition or a release) of
     * the current epoch, unless it is a retry: a retry of the last operation is answered as that
     * operation was (or not at all while it waits), one older than the last is ignored.
     */
    void apply(SyncOp op, Answers out) {
        Last l = last.computeIfAbsent(op.process(), p -> new Last());
        if (op.seq() < l.seq) {
            return;
        }
        if (op.seq() == l.seq) {
            if (l.waiting) {
                requeueNode(op);
            } else {
                out.add(op, l.outcome, l.detail);
            }
            return;
        }
        l.seq = op.seq();
        l.waiting = false;
        switch (op.kind()) {
            case DECLARE -> answer(l, op, op.count() == capacity ? Outcome.DONE : Outcome.REFUSED,
                    op.count() == capacity ? "" : "semaphore \"" + name + "\" has " + capacity
                            + " permits; this declaration says " + op.count(), out);
            case ACQUIRE -> acquire(l, op, out);
            case RELEASE -> release(l, op, out);
            case ARRIVE -> answer(l, op, Outcome.REFUSED, "\"" + name + "\" is a semaphore", out);
        }
    }

    private void acquire(Last l, SyncOp op, Answers out) {
        if (op.count() > capacity) {
            answer(l, op, Outcome.REFUSED, "semaphore \"" + name + "\" has " + capacity + " permits; cannot acquire "
                    + op.count(), out);
        } else if (queue.isEmpty() && available >= op.count()) {
            grant(l, op, out);
        } else {
            l.waiting = true;
            queue.addLast(op);
        }
    }

    private void release(Last l, SyncOp op, Answers out) {
        int h = held.getOrDefault(op.process(), 0);
        if (op.count() > h) {
            answer(l, op, Outcome.REFUSED, "process " + op.process() + " holds " + h + " permit" + (h == 1 ? "" : "s")
                    + " of semaphore \"" + name + "\"; cannot release " + op.count(), out);
            return;
        }
        putHeld(op.process(), h - op.count());
        available += op.count();
        answer(l, op, Outcome.DONE, "", out);
        grantWaiting(out);
    }

    private void grant(Last l, SyncOp op, Answers out) {
        available -= op.count();
        putHeld(op.process(), held.getOrDefault(op.process(), 0) + op.count());
        answer(l, op, Outcome.GRANTED, "", out);
    }

    private void grantWaiting(Answers out) {
        while (!queue.isEmpty() && queue.peekFirst().count() <= available) {
            SyncOp head = queue.pollFirst();
            Last l = last.get(head.process());
            l.waiting = false;
            grant(l, head, out);
        }
    }

    private static void answer(Last l, SyncOp op, Outcome outcome, String detail, Answers out) {
        l.outcome = outcome;
        l.detail = detail;
        out.add(op, outcome, detail);
    }

    private void putHeld(int process, int permits) {
        if (permits == 0) {
            held.remove(process);
        } else {
            held.put(process, permits);
        }
    }

    /** A retry of a waiting acquisition may name another node for its answer: the newest wins. */
    private void requeueNode(SyncOp op) {
        for (Iterator<SyncOp> it = queue.iterator(); it.hasNext(); ) {
            SyncOp q = it.next();
            if (q.sameAs(op) && !q.node().equals(op.node())) {
                ArrayDeque<SyncOp> rebuilt = new ArrayDeque<>(queue.size());
                for (SyncOp x : queue) {
                    rebuilt.addLast(x == q ? op : x);
                }
                queue.clear();
                queue.addAll(rebuilt);
                return;
            }
        }
    }

    /** {@code process} is gone: its permits come back and its waiting acquisition leaves the queue. */
    void forget(int process, Answers out) {
        Integer h = held.remove(process);
        if (h != null) {
            available += h;
        }
        queue.removeIf(op -> op.process() == process);
        grantWaiting(out);
    }

    /** Answers every waiting acquisition with {@code outcome} (the application ended). */
    void answerWaiters(Outcome outcome, String detail, Answers out) {
        for (SyncOp op : queue) {
            out.add(op, outcome, detail);
        }
        queue.clear();
    }

    void write(ByteSink out) {
        out.str(name).i32(capacity).i32(available).i32(held.size());
        held.forEach((p, n) -> out.i32(p).i32(n));
        out.i32(last.size());
        for (Map.Entry<Integer, Last> e : last.entrySet()) {
            Last l = e.getValue();
            out.i32(e.getKey()).i64(l.seq).u8(l.outcome == null ? 255 : l.outcome.ordinal()).str(l.detail)
                    .bool(l.waiting);
        }
        out.i32(queue.size());
        queue.forEach(out::op);
    }

    static CountingSemaphore read(ByteSource in) {
        String name = in.str();
        int capacity = in.i32();
        int available = in.i32();
        TreeMap<Integer, Integer> held = new TreeMap<>();
        for (int i = 0, n = in.count(8); i < n; i++) {
            held.put(in.i32(), in.i32());
        }
        CountingSemaphore s = new CountingSemaphore(name, capacity, held);
        if (s.available != available) {
            throw new IllegalArgumentException("semaphore " + name + ": permits do not add up");
        }
        for (int i = 0, n = in.count(16); i < n; i++) {
            Last l = new Last();
            int process = in.i32();
            l.seq = in.i64();
            int code = in.u8();
            l.outcome = code == 255 ? null : Outcome.of(code);
            l.detail = in.str();
            l.waiting = in.bool();
            s.last.put(process, l);
        }
        for (int i = 0, n = in.count(40); i < n; i++) {
            s.queue.addLast(in.op());
        }
        return s;
    }
}
