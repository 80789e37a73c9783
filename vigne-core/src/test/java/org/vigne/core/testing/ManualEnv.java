package org.vigne.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/**
 * One node's {@link Env} for unit tests of a protocol class, without a simulator: virtual time
 * that moves only when the test says so, timers run in time order (those of one instant in the
 * order they were set), a seeded generator, and the messages sent kept in a list for the test to
 * read. Shared by the modules' tests through vigne-core's test jar.
 */
public final class ManualEnv implements Env {
    /** A message sent, and when. */
    public record Sent(long atMs, NodeHandle to, Message message) {
    }

    private static final class Task implements Comparable<Task>, Timer {
        final long atMs;
        final long seq;
        Runnable action;

        Task(long atMs, long seq, Runnable action) {
            this.atMs = atMs;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Task o) {
            return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            action = null;
        }
    }

    private final NodeHandle self;
    private final SplittableRandom random;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final List<Sent> sent = new ArrayList<>();
    private long nowMs;
    private long seq;

    /** A node called "manual", its generator seeded with {@code seed}. */
    public ManualEnv(long seed) {
        this(new NodeHandle(Id.sha1("manual"), "test", 1), seed);
    }

    public ManualEnv(NodeHandle self, long seed) {
        this.self = self;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public NodeHandle self() {
        return self;
    }

    @Override
    public long nowMs() {
        return nowMs;
    }

    @Override
    public Timer schedule(long delayMs, Runnable action) {
        Task t = new Task(nowMs + Math.max(0, delayMs), seq++, action);
        queue.add(t);
        return t;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void send(NodeHandle to, Message msg) {
        sent.add(new Sent(nowMs, to, msg));
    }

    /** Sets the time without running timers (for tests that drive a class by hand); never backwards. */
    public void setNowMs(long ms) {
        if (ms < nowMs) {
            throw new IllegalArgumentException("time runs forward: " + ms + " ms is before " + nowMs + " ms");
        }
        nowMs = ms;
    }

    /** Runs every timer due within {@code ms} from now (those due at now + ms included); time ends at now + ms. */
    public void runFor(long ms) {
        run(nowMs + ms, true);
    }

    /** Runs the timers due before {@code endMs} (those due at {@code endMs} stay queued); time ends at {@code endMs}. */
    public void runUntil(long endMs) {
        run(endMs, false);
    }

    private void run(long endMs, boolean inclusive) {
        while (!queue.isEmpty() && (queue.peek().atMs < endMs || inclusive && queue.peek().atMs == endMs)) {
            Task t = queue.poll();
            nowMs = t.atMs;
            if (t.action != null) {
                t.action.run();
            }
        }
        nowMs = Math.max(nowMs, endMs);
    }

    /** Timers set and not yet run (cancelled ones included until their time comes). */
    public int pending() {
        return queue.size();
    }

    /** The messages sent so far, oldest first. */
    public List<Sent> sent() {
        return sent;
    }
}
