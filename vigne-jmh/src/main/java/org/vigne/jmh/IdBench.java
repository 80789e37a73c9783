package org.vigne.jmh;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.vigne.core.Id;

/**
 * The 160-bit id arithmetic every routing step runs: ring distance, the closer-to comparison the
 * router and the oracle make for every candidate, prefix length (the routing-table row) and the
 * SHA-1 key of a name.
 *
 * <p>Inputs come from a seeded table that the benchmarks walk through, so no result is a
 * constant the JIT could fold and branches see varied ids. Pairs share a prefix of 0 to 39 digits,
 * evenly spread, so {@link Id#prefixLength} takes each of its three word branches; with random
 * pairs it would almost always stop at the first digit.
 */
public class IdBench extends MicroBenchmark {
    private static final int TABLE = 1 << 10;
    private static final int MASK = TABLE - 1;

    private final Id[] keys = new Id[TABLE];
    private final Id[] near = new Id[TABLE];
    private final Id[] far = new Id[TABLE];
    private final String[] names = new String[TABLE];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < TABLE; i++) {
            keys[i] = Id.random(random);
            near[i] = sharingPrefix(keys[i], i % Id.DIGITS, random);
            far[i] = Id.random(random);
            names[i] = "app-" + random.nextInt(1_000_000) + "/object-" + i;
            if (keys[i].prefixLength(near[i]) != i % Id.DIGITS) {
                throw new IllegalStateException("pair " + i + " does not share " + i % Id.DIGITS + " digits");
            }
        }
    }

    /** An id sharing exactly {@code length} leading digits with {@code id}, random after. */
    private static Id sharingPrefix(Id id, int length, SplittableRandom random) {
        int digit = (id.digit(length) + 1 + random.nextInt(Id.RADIX - 1)) % Id.RADIX;
        return Id.withPrefix(id, length, digit, Id.random(random));
    }

    private int step() {
        return next++ & MASK;
    }

    /** {@link Id#distance}: the shorter way round the ring (allocates the result). */
    @Benchmark
    public Id distance() {
        int i = step();
        return keys[i].distance(far[i]);
    }

    /** {@link Id#compareCloseness}: which of two candidates is closer to a key, without allocating. */
    @Benchmark
    public int compareCloseness() {
        int i = step();
        return keys[i].compareCloseness(near[i], far[i]);
    }

    /** {@link Id#prefixLength}: digits shared with a key, 0 to 39 here. */
    @Benchmark
    public int prefixLength() {
        int i = step();
        return keys[i].prefixLength(near[i]);
    }

    /** {@link Id#inArc}: the leaf-set range test. */
    @Benchmark
    public boolean inArc() {
        int i = step();
        return Id.inArc(near[i], keys[i], far[i]);
    }

    /** {@link Id#sha1(String)}: the key of a name (UTF-8 encoding and digest included). */
    @Benchmark
    public Id sha1() {
        return Id.sha1(names[step()]);
    }
}
