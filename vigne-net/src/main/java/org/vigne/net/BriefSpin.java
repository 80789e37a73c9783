package org.vigne.net;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How an event loop waits for I/O: for a short while after its last work it polls without
 * blocking, then it blocks in the kernel. A request's answer on loopback or a LAN comes back within
 * tens of microseconds; a loop that blocked meanwhile must be woken for it, and on a virtual
 * machine waking a halted vCPU costs about as much as the whole exchange. So a loop that has just
 * worked polls for {@link #SPIN_NS} more, the way Aeron's and Hazelcast's idle strategies spin
 * before they park. While it polls it yields its core to any other thread that can run (a
 * client's, another loop's), so on a busy machine it takes nothing from them. An idle node pays
 * at most that much per burst of work: a few bursts a second (heartbeats, probes) cost well under
 * 1% of a core.
 *
 * <p>Measured with {@code versus} (8 nodes in one process on this 2-core VM, one client thread,
 * gets), five runs each, alternated: 100 µs of polling gave 1.02 to 1.39 times Hazelcast's gets
 * per second in the same run (one more run at 2.1, Hazelcast disturbed), blocking at once 0.98 to
 * 1.17; 300 µs doubled the gets' p99 (the polling loops then hold both cores). Polling with a
 * spin hint instead of a yield raised the p99 of gets from 8 client threads (0.7-1.0 ms to
 * 1.0-2.0 ms); with the yield, 0.85-1.75 ms on a machine whose speed changed meanwhile.
 */
final class BriefSpin implements SelectStrategy {
    /** Poll this long after the last work before blocking; 0 blocks at once (Netty's own strategy). */
    static final long SPIN_NS = Math.max(0, Long.getLong("vigne.net.spin-us", 100)) * 1000;

    /** One strategy per loop, or null when polling is off. */
    static final SelectStrategyFactory FACTORY = SPIN_NS == 0 ? null : () -> new BriefSpin(SPIN_NS, System::nanoTime);

    private final long spinNs;
    private final LongSupplier clock;
    private long lastWorkNs;

    BriefSpin(long spinNs, LongSupplier clock) {
        this.spinNs = spinNs;
        this.clock = clock;
        this.lastWorkNs = clock.getAsLong();
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        long now = clock.getAsLong();
        if (ready > 0 || hasTasks) {
            lastWorkNs = now;
            return ready;
        }
        if (now - lastWorkNs < spinNs) {
            Thread.yield();
            return SelectStrategy.CONTINUE;
        }
        return SelectStrategy.SELECT;
    }
}
