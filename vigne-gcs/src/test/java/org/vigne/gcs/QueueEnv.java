package org.vigne.gcs;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/** Virtual time and timers for one node; timers at one instant run in the order they were set. */
final class QueueEnv implements Env {
    private record Task(long atMs, long seq, Runnable[] action) implements Timer {
        @Override
        public void cancel() {
            action[0] = null;
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            (a, b) -> a.atMs != b.atMs ? Long.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq));
    private long nowMs;
    private long seq;

    @Override
    public NodeHandle self() {
        return new NodeHandle(Id.sha1("clock"), "test", 1);
    }

    @Override
    public long nowMs() {
        return nowMs;
    }

    @Override
    public Timer schedule(long delayMs, Runnable action) {
        Task t = new Task(nowMs + Math.max(0, delayMs), seq++, new Runnable[] {action});
        queue.add(t);
        return t;
    }

    @Override
    public RandomGenerator random() {
        return new SplittableRandom(1);
    }

    @Override
    public void send(NodeHandle to, Message msg) {
        throw new UnsupportedOperationException("no network here");
    }

    /** Runs the timers due before {@code endMs} (those at {@code endMs} stay queued), then sets the time. */
    void runUntil(long endMs) {
        while (!queue.isEmpty() && queue.peek().atMs < endMs) {
            Task t = queue.poll();
            nowMs = t.atMs;
            if (t.action[0] != null) {
                t.action[0].run();
            }
        }
        nowMs = endMs;
    }
}
