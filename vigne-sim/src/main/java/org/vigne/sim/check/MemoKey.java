package org.vigne.sim.check;

import java.util.Arrays;

/**
 * A configuration in Lowe's memo: the frontier (every returned operation before it, in call
 * order, is linearized), which returned operations beyond it are linearized, which operations
 * that never returned were taken, and the object's value. Small however long the history, since
 * the linearized operations beyond the frontier are all concurrent with it.
 */
final class MemoKey {
    private final int front;
    private final long[] beyond;
    private final long[] unknownTaken;
    private final int state;
    private final int hash;

    MemoKey(int front, long[] beyond, long[] unknownTaken, int state) {
        this.front = front;
        this.beyond = beyond;
        this.unknownTaken = unknownTaken;
        this.state = state;
        long h = mix(((long) front << 32) ^ state);
        for (long w : beyond) {
            h = mix(h ^ w);
        }
        h = mix(h ^ 0x9e3779b97f4a7c15L);
        for (long w : unknownTaken) {
            h = mix(h ^ w);
        }
        this.hash = (int) (h ^ (h >>> 32));
    }

    /** Bits spread over the whole word (SplitMix64's finaliser): small bitsets must not collide. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoKey k && k.hash == hash && k.front == front && k.state == state
                && Arrays.equals(k.beyond, beyond) && Arrays.equals(k.unknownTaken, unknownTaken);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

