package org.vigne.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.testing.ManualEnv;

/**
 * The group clock that fires only on ticks with work reads, at every instant, the tick count of a
 * clock firing every period: its ticks stay on the grid, the ticks it skips are counted when the
 * node next handles something, and it fires exactly on the earliest tick it was asked for.
 */
class NodeClockTest {
    /** A check that can wait goes to the first heartbeat tick at or after its own: never earlier, never a round late. */
    @Property(seed = "7178", tries = 300)
    void onGrid_isTheFirstHeartbeatTickAtOrAfter(@ForAll @IntRange(min = 0, max = 1_000_000) int tick,
            @ForAll @IntRange(min = 1, max = 64) int hb) {
        long g = NodeClock.onGrid(tick, hb);
        assertThat(g % hb).as("on the heartbeat grid").isZero();
        assertThat(g).as("not before the tick").isGreaterThanOrEqualTo(tick);
        assertThat(g - tick).as("within one round").isLessThan(hb);
        assertThat(NodeClock.onGrid(Long.MAX_VALUE, hb)).as("never stays never").isEqualTo(Long.MAX_VALUE);
    }

    @Property(seed = "7178", tries = 300)
    void readsTheTickCountOfAClockFiringEveryPeriod(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 1_500) Integer> gapsMs,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 40) Integer> plan) {
        ManualEnv env = new ManualEnv(new NodeHandle(Id.sha1("clock"), "test", 1), 1);
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
