package org.vigne.gcs;

import java.util.random.RandomGenerator;
import org.vigne.core.Id;

/**
 * A group's generation: the creation it belongs to (high 32 bits, random, so two creations of one
 * key never mix) and, below, the rebuild that started it: an epoch counting rebuilds and the
 * rebuilder's tag. Two survivors that rebuild at once (each believing the other dead) start
 * distinct generations of the same epoch; when they meet, the higher one wins and the other's
 * replicas give way, so no two histories ever share a generation.
 */
final class Generations {
    private Generations() {
    }

    static long first(RandomGenerator random) {
        return (random.nextLong() & 0xFFFF_FFFFL) << 32;
    }

    /** The generation a rebuild by node {@code rebuilder} starts after {@code g}. */
    static long next(long g, Id rebuilder) {
        long epoch = ((g >>> 16) & 0xFFFF) + 1;
        return (g & 0xFFFF_FFFF_0000_0000L) | ((epoch & 0xFFFF) << 16) | (rebuilder.lo() & 0xFFFF);
    }

    static boolean sameCreation(long a, long b) {
        return a >>> 32 == b >>> 32;
    }

    /** True when {@code a} is a later generation of the same creation as {@code b}. */
    static boolean newer(long a, long b) {
        return sameCreation(a, b) && a > b;
    }
}
