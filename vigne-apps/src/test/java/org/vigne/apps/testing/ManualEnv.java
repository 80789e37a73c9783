package org.vigne.apps.testing;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/** A one-node {@link Env} for unit tests: virtual time, a seeded generator, timers run by {@link #runFor}. */
public final class ManualEnv implements Env {
    private final NodeHandle self = new NodeHandle(Id.sha1("manual"), "test", 1);
    private final SplittableRandom random;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMs;
    private long seq;

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

    public ManualEnv(long seed) {
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
        throw new UnsupportedOperationException("a manual env has no network");
    }

    /** Runs every timer due within {@code ms} from now, in time order; time ends at now + ms. */
    public void runFor(long ms) {
        long end = nowMs + ms;
        while (!queue.isEmpty() && queue.peek().atMs <= end) {
            Task t = queue.poll();
            nowMs = t.atMs;
            if (t.action != null) {
                t.action.run();
            }
        }
        nowMs = end;
    }

    /** Timers not yet run. */
    public int pending() {
        return queue.size();
    }
}
