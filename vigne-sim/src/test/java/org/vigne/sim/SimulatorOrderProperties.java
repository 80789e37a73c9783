package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The world's events (scheduled outside any node's event) fire in exactly the (time, scheduling
 * order) a single priority queue gives: events scheduled from outside and from inside other
 * events, at the current instant, near, far ahead, and many at the same instant. The model is a
 * sort of every event by (time, sequence number). The order of nodes' events, which do not
 * depend on how the nodes are partitioned, is {@link PartitionProperties}'s.
 */
class SimulatorOrderProperties {
    /** An event that records its firing and may schedule children, with delays drawn from the run's generator. */
    private static final class Probe extends SimEvent {
        private final Simulator sim;
        private final SplittableRandom random;
        private final List<Probe> firedLog;
        private final List<long[]> scheduled;
        private int children;
        long key;

        Probe(Simulator sim, SplittableRandom random, List<Probe> firedLog, List<long[]> scheduled, int children) {
            this.sim = sim;
            this.random = random;
            this.firedLog = firedLog;
            this.scheduled = scheduled;
            this.children = children;
        }

        @Override
        protected void fire() {
            assertThat(sim.nowMs()).isEqualTo(timeMs());
            firedLog.add(this);
            while (children-- > 0) {
                Probe c = new Probe(sim, random, firedLog, scheduled, random.nextInt(3) == 0 ? 1 : 0);
                schedule(sim, c, sim.nowMs() + delay(random), scheduled);
            }
        }
    }

    /** Delays from 0 (this instant) to well beyond the calendar's reach, with many ties. */
    private static long delay(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(3);
            case 1 -> random.nextInt(200);
            case 2 -> Simulator.BUCKETS - 2 + random.nextInt(4);
            default -> random.nextInt(5 * Simulator.BUCKETS);
        };
    }

    private static void schedule(Simulator sim, Probe p, long atMs, List<long[]> scheduled) {
        p.key = scheduled.size();
        sim.schedule(atMs, p);
        scheduled.add(new long[] {p.timeMs(), p.key});
    }

    @Property(seed = "1313", tries = 200)
    void firesInTimeThenSchedulingOrder(@ForAll @IntRange(min = 1, max = 400) int events,
                                        @ForAll @IntRange(min = 0, max = 20_000) int pauseMs,
                                        @ForAll long seed) {
        Simulator sim = new Simulator();
        SplittableRandom random = new SplittableRandom(seed);
        List<Probe> fired = new ArrayList<>();
        List<long[]> scheduled = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            schedule(sim, new Probe(sim, random, fired, scheduled, random.nextInt(3)), delay(random), scheduled);
        }
        // Stop in the middle, schedule more from outside, then run to the end.
        sim.runUntil(pauseMs);
        assertThat(sim.nowMs()).isEqualTo(pauseMs);
        for (int i = 0; i < events / 4; i++) {
            schedule(sim, new Probe(sim, random, fired, scheduled, 1), sim.nowMs() + delay(random), scheduled);
        }
        sim.runUntil(Long.MAX_VALUE / 2);

        List<long[]> expected = new ArrayList<>(scheduled);
        expected.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        assertThat(fired).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(fired.get(i).key).as("event %d of %d (seed %d)", i, expected.size(), seed).isEqualTo(expected.get(i)[1]);
        }
        assertThat(sim.pending()).isZero();
        assertThat(sim.eventsFired()).isEqualTo(expected.size());
    }

    @Test
    void anEventAlreadyPending_cannotBeScheduledTwice() {
        Simulator sim = new Simulator();
        SimEvent e = new SimEvent() {
            @Override
            protected void fire() {
            }
        };
        sim.schedule(10, e);
        assertThatThrownBy(() -> sim.schedule(20, e)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already scheduled");
        sim.runUntil(10);
        sim.schedule(20, e);
        assertThat(sim.pending()).isEqualTo(1);
    }
}
