package org.vigne.jmh;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vigne.sim.SimEvent;
import org.vigne.sim.Simulator;

/**
 * The simulator's event heap in the "hold" model of priority-queue studies: the queue holds
 * {@code pending} events, and every event that fires schedules one more, 1 to 200 virtual ms
 * later (the range of the network model's latencies and the protocols' short timers), so each
 * event is one pop and one push at a steady queue size, as in a long simulation.
 *
 * <p>One invocation advances virtual time by 1 ms, which fires a varying number of events (about
 * {@code pending / 100}); the {@code events} counter counts them, so its score is the time per
 * event fired, the figure to read. Delays come from a seeded table, so every run schedules the
 * same sequence. Events do nothing but reschedule themselves: this measures the engine, not a
 * protocol.
 */
public class EventHeapBench extends MicroBenchmark {
    private static final int DELAYS = 1 << 16;
    private static final int MAX_DELAY_MS = 200;

    @Param({"1000", "10000", "100000", "1000000"})
    public int pending;

    private final long[] delaysMs = new long[DELAYS];
    private int nextDelay;
    private Simulator sim;

    /** Events fired, per iteration; JMH reports the time per event. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Fired {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    /** An event that schedules itself again, as a protocol's periodic timer or a forwarded message does. */
    private final class Hold extends SimEvent {
        @Override
        protected void fire() {
            sim.schedule(sim.nowMs() + delaysMs[nextDelay++ & (DELAYS - 1)], this);
        }
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < DELAYS; i++) {
            delaysMs[i] = 1 + random.nextInt(MAX_DELAY_MS);
        }
        sim = new Simulator();
        for (int i = 0; i < pending; i++) {
            sim.schedule(delaysMs[nextDelay++ & (DELAYS - 1)], new Hold());
        }
    }

    /** Events in the queue. */
    int queueSize() {
        return sim.pending();
    }

    /** Fires the events of the next virtual millisecond. */
    @Benchmark
    public void hold(Fired fired) {
        long before = sim.eventsFired();
        sim.runUntil(sim.nowMs() + 1);
        fired.events += sim.eventsFired() - before;
    }
}
