package org.vigne.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;

/**
 * The group clock that fires only on ticks with work reads, at every instant, the tick count of a
 * clock firing every period: its ticks stay on the grid, the ticks it skips are counted when the
 * node next handles something, and it fires exactly on the earliest tick it was asked for.
 */
class NodeClockTest {
    /** Virtual time and timers for one node; timers at one instant run in the order they were set. */
    private static final class QueueEnv implements Env {
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

    /** A check that can wait goes to the first heartbeat tick at or after its own: never earlier, never a round late. */
    @Property(tries = 300)
    void onGrid_isTheFirstHeartbeatTickAtOrAfter(@ForAll @IntRange(min = 0, max = 1_000_000) int tick,
            @ForAll @IntRange(min = 1, max = 64) int hb) {
        long g = NodeClock.onGrid(tick, hb);
        assertThat(g % hb).as("on the heartbeat grid").isZero();
        assertThat(g).as("not before the tick").isGreaterThanOrEqualTo(tick);
        assertThat(g - tick).as("within one round").isLessThan(hb);
        assertThat(NodeClock.onGrid(Long.MAX_VALUE, hb)).as("never stays never").isEqualTo(Long.MAX_VALUE);
    }

    @Property(tries = 300)
    void readsTheTickCountOfAClockFiringEveryPeriod(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 1_500) Integer> gapsMs,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 40) Integer> plan) {
        QueueEnv env = new QueueEnv();
        env.runUntil(1_234);
        GcsContext ctx = new GcsContext(env, null, GcsConfig.defaults());
        long tickMs = ctx.config.tickMs();
        List<Long> fired = new ArrayList<>();
        long[] asked = {Long.MAX_VALUE};
        NodeClock[] clock = new NodeClock[1];
        clock[0] = new NodeClock(ctx, () -> {
            long tick = ctx.tick;
            fired.add(tick);
            assertThat(tick).as("fires on the tick asked for").isEqualTo(asked[0]);
            assertThat(env.nowMs()).as("tick %d on the grid", tick).isEqualTo(1_234 + tick * tickMs);
            asked[0] = tick + plan.get(fired.size() % plan.size());
            clock[0].next(asked[0]);
        });
        clock[0].start();
        asked[0] = 1;
        long now = 1_234;
        for (int i = 0; i < gapsMs.size(); i++) {
            now += gapsMs.get(i);
            env.runUntil(now);
            clock[0].catchUp();
            assertThat(ctx.tick).as("ticks counted at %d ms", now).isEqualTo((now - 1_234) / tickMs);
            if (i % 3 == 0) {
                long early = ctx.tick + 1 + gapsMs.get(i) % 7;
                clock[0].wakeBy(early);
                asked[0] = Math.min(asked[0], early);
            }
        }
        assertThat(fired).isSorted().doesNotHaveDuplicates();
    }
}
