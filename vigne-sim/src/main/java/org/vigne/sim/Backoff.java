package org.vigne.sim;

/**
 * How a thread of a run on several threads waits for the others at a window's edge: it spins
 * briefly, then yields its core, then parks until woken. Most waits are a few tens of
 * microseconds (the uneven end of a window's work), and the spin covers them. But a long
 * {@code PAUSE} loop is what a hypervisor takes for a vCPU spinning on a lock that a descheduled
 * vCPU holds, and it may then take the core away for a while: on the 2-core VM of these figures,
 * with half a millisecond of spinning before the first yield, one wait in seventeen lasted 0.5 to
 * 1 ms (a 10-minute gnutella run of 2,000 nodes and 10,000 groups: the coordinating thread waited
 * 12.2 s for 32.9 s of work; 8.7 s for 32.4 s with this backoff, and none of those waits). A
 * thread that parks leaves its core to the scheduler, which can then run there the thread the
 * others wait for, when something else (a compiler thread, the kernel) took that thread's core.
 */
final class Backoff {
    /** Spin this long before yielding. */
    static final long SPIN_NS = 20_000;
    /** Yield until the wait has lasted this long, then park. */
    static final long YIELD_NS = 1_000_000;
    /** Longest park: a wake-up lost to a race costs no more. */
    static final long PARK_NS = 1_000_000;
    /** Spins between two readings of the clock. */
    private static final int SPINS_PER_READING = 32;

    private long startNs;
    private long waitedNs;
    private int spins;

    /** A new wait begins. */
    void reset() {
        startNs = 0;
        waitedNs = 0;
        spins = 0;
    }

    /**
     * Waits a little (a spin or a yield); returns true once the wait has lasted {@link #YIELD_NS},
     * when the caller should park (after announcing it and checking its condition once more).
     */
    boolean idle() {
        if (waitedNs < SPIN_NS) {
            if (spins++ % SPINS_PER_READING == 0) {
                read();
            }
            Thread.onSpinWait();
            return false;
        }
        read();
        if (waitedNs < YIELD_NS) {
            Thread.yield();
            return false;
        }
        return true;
    }

    /** How long this wait has lasted, read now. */
    long waitedNs() {
        read();
        return waitedNs;
    }

    private void read() {
        long now = System.nanoTime();
        if (startNs == 0) {
            startNs = now;
        }
        waitedNs = now - startNs;
    }
}
