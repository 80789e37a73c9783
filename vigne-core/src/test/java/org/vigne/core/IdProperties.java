package org.vigne.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Id} against {@link BigInteger} arithmetic modulo 2^160. Ids are built from numbers through
 * their three words ({@link Id#of}), so the reference never goes through the code under test; the
 * byte and hex forms are checked separately. Values are random 160-bit numbers, word and ring
 * boundaries, and pairs that differ in one digit, by a small amount or by half the ring.
 */
class IdProperties {
    private static final String SEED = "160";
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(160);
    private static final BigInteger HALF = BigInteger.ONE.shiftLeft(159);
    private static final BigInteger MAX = RING.subtract(BigInteger.ONE);

    // ---- reference conversions, independent of Id's own byte and hex code --------------------

    private static Id id(BigInteger v) {
        return Id.of(v.shiftRight(96).longValue(), v.shiftRight(32).longValue(), v.intValue());
    }

    private static BigInteger big(Id id) {
        return new BigInteger(Long.toUnsignedString(id.hi())).shiftLeft(96)
                .or(new BigInteger(Long.toUnsignedString(id.mid())).shiftLeft(32))
                .or(BigInteger.valueOf(Integer.toUnsignedLong(id.lo())));
    }

    private static BigInteger mod(BigInteger v) {
        return v.mod(RING);
    }

    private static String hex(BigInteger v) {
        String s = v.toString(16);
        return "0".repeat(Id.DIGITS - s.length()) + s;
    }

    private static byte[] bytes(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[Id.BYTES];
        int n = Math.min(raw.length, Id.BYTES);
        System.arraycopy(raw, raw.length - n, out, Id.BYTES - n, n);
        return out;
    }

    private static BigInteger withDigit(BigInteger v, int i, int d) {
        int shift = 4 * (Id.DIGITS - 1 - i);
        BigInteger mask = BigInteger.valueOf(0xF).shiftLeft(shift);
        return v.andNot(mask).or(BigInteger.valueOf(d).shiftLeft(shift));
    }

    private static BigInteger distance(BigInteger a, BigInteger b) {
        return mod(b.subtract(a)).min(mod(a.subtract(b)));
    }

    // ---- generators ---------------------------------------------------------------------------

    private static final List<BigInteger> EDGES = List.of(
            BigInteger.ZERO, BigInteger.ONE, MAX, MAX.subtract(BigInteger.ONE), HALF, HALF.subtract(BigInteger.ONE),
            HALF.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(32), BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(96), BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE),
            RING.subtract(BigInteger.ONE.shiftLeft(32)), RING.subtract(BigInteger.ONE.shiftLeft(96)));

    @Provide
    Arbitrary<BigInteger> values() {
        Arbitrary<BigInteger> random = Arbitraries.bytes().array(byte[].class).ofSize(Id.BYTES)
                .map(b -> new BigInteger(1, b));
        return Arbitraries.frequencyOf(Tuple.of(5, random), Tuple.of(1, Arbitraries.of(EDGES)));
    }

    @Provide
    Arbitrary<Tuple2<BigInteger, BigInteger>> pairs() {
        Arbitrary<BigInteger> v = values();
        Arbitrary<Tuple2<BigInteger, BigInteger>> independent = Combinators.combine(v, v).as(Tuple::of);
        Arbitrary<Tuple2<BigInteger, BigInteger>> equal = v.map(x -> Tuple.of(x, x));
        Arbitrary<Tuple2<BigInteger, BigInteger>> oneDigit = Combinators.combine(v,
                Arbitraries.integers().between(0, Id.DIGITS - 1), Arbitraries.integers().between(0, Id.RADIX - 1))
                .as((x, i, d) -> Tuple.of(x, withDigit(x, i, d)));
        Arbitrary<Tuple2<BigInteger, BigInteger>> near = Combinators.combine(v, Arbitraries.longs().between(-70_000, 70_000))
                .as((x, d) -> Tuple.of(x, mod(x.add(BigInteger.valueOf(d)))));
        Arbitrary<Tuple2<BigInteger, BigInteger>> antipodes = v.map(x -> Tuple.of(x, mod(x.add(HALF))));
        return Arbitraries.frequencyOf(Tuple.of(4, independent), Tuple.of(1, equal), Tuple.of(3, oneDigit),
                Tuple.of(2, near), Tuple.of(1, antipodes));
    }

    @Provide
    Arbitrary<Tuple3<BigInteger, BigInteger, BigInteger>> triples() {
        Arbitrary<BigInteger> v = values();
        Arbitrary<Tuple3<BigInteger, BigInteger, BigInteger>> independent = Combinators.combine(v, v, v).as(Tuple::of);
        Arbitrary<Tuple3<BigInteger, BigInteger, BigInteger>> atFrom = Combinators.combine(v, v).as((x, t) -> Tuple.of(x, x, t));
        Arbitrary<Tuple3<BigInteger, BigInteger, BigInteger>> atTo = Combinators.combine(v, v).as((x, f) -> Tuple.of(x, f, x));
        Arbitrary<Tuple3<BigInteger, BigInteger, BigInteger>> closeBy = Combinators.combine(pairs(),
                Arbitraries.longs().between(-3, 3)).as((p, d) -> Tuple.of(mod(p.get1().add(BigInteger.valueOf(d))), p.get1(), p.get2()));
        return Arbitraries.frequencyOf(Tuple.of(3, independent), Tuple.of(1, atFrom), Tuple.of(1, atTo), Tuple.of(3, closeBy));
    }

    // ---- binary and textual forms -----------------------------------------------------------

    @Property(seed = SEED)
    void fromBytes_readsTwentyBigEndianBytes(@ForAll("values") BigInteger v) {
        assertThat(Id.fromBytes(bytes(v))).isEqualTo(id(v));
        assertThat(big(Id.fromBytes(bytes(v)))).isEqualTo(v);
    }

    @Property(seed = SEED)
    void toBytes_roundTripsThroughFromBytes(@ForAll("values") BigInteger v) {
        Id x = id(v);
        assertThat(x.toBytes()).containsExactly(bytes(v));
        assertThat(Id.fromBytes(x.toBytes())).isEqualTo(x);
    }

    @Property(seed = SEED)
    void toString_isFortyLowerCaseHexDigits_andFromHexReadsThemBack(@ForAll("values") BigInteger v) {
        Id x = id(v);
        assertThat(x.toString()).isEqualTo(hex(v));
        assertThat(Id.fromHex(x.toString())).isEqualTo(x);
        assertThat(Id.fromHex(hex(v).toUpperCase())).isEqualTo(x);
        assertThat(x.shortString()).isEqualTo(hex(v).substring(0, 8));
    }

    @Property(seed = SEED)
    void fromHex_rejectsAnythingButFortyHexDigits(@ForAll("values") BigInteger v,
                                                  @ForAll @IntRange(min = 0, max = Id.DIGITS - 1) int at,
                                                  @ForAll("notHex") char bad) {
        String h = hex(v);
        String corrupted = h.substring(0, at) + bad + h.substring(at + 1);
        assertThatExceptionOfType(IllegalArgumentException.class).as("fromHex(\"%s\")", corrupted)
                .isThrownBy(() -> Id.fromHex(corrupted));
        assertThatThrownBy(() -> Id.fromHex(h.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Id.fromHex(h + "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Character> notHex() {
        return Arbitraries.of('+', '-', 'g', 'x', ' ', '.');
    }

    @Example
    void fromBytes_rejectsWrongLengths() {
        for (int n : new int[] {0, 19, 21}) {
            assertThatThrownBy(() -> Id.fromBytes(new byte[n])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Example
    void sha1_isTheStandardDigest() {
        assertThat(Id.sha1("")).hasToString("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assertThat(Id.sha1("abc")).hasToString("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Example
    void random_dependsOnlyOnTheGeneratorsSeed() {
        assertThat(Id.random(new SplittableRandom(7))).isEqualTo(Id.random(new SplittableRandom(7)));
        assertThat(Id.random(new SplittableRandom(7))).isNotEqualTo(Id.random(new SplittableRandom(8)));
    }

    // ---- digits and prefixes ----------------------------------------------------------------

    @Property(seed = SEED)
    void digit_isTheHexDigitAtThatPosition(@ForAll("values") BigInteger v) {
        Id x = id(v);
        String h = hex(v);
        for (int i = 0; i < Id.DIGITS; i++) {
            assertThat(x.digit(i)).as("digit %d of %s", i, h).isEqualTo(Character.digit(h.charAt(i), 16));
        }
        assertThatThrownBy(() -> x.digit(Id.DIGITS)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Property(seed = SEED)
    void prefixLength_countsLeadingHexDigitsInCommon(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        String a = hex(p.get1());
        String b = hex(p.get2());
        int expected = 0;
        while (expected < Id.DIGITS && a.charAt(expected) == b.charAt(expected)) {
            expected++;
        }
        assertThat(id(p.get1()).prefixLength(id(p.get2()))).as("%s vs %s", a, b).isEqualTo(expected);
        assertThat(id(p.get2()).prefixLength(id(p.get1()))).isEqualTo(expected);
    }

    @Property(seed = SEED)
    void prefixLength_ofIdsDifferingInDigitI_isI(@ForAll("values") BigInteger v,
                                                 @ForAll @IntRange(min = 0, max = Id.DIGITS - 1) int i,
                                                 @ForAll @IntRange(min = 1, max = Id.RADIX - 1) int delta) {
        int d = (id(v).digit(i) + delta) % Id.RADIX;
        assertThat(id(v).prefixLength(id(withDigit(v, i, d)))).isEqualTo(i);
    }

    @Property(seed = SEED)
    void withPrefix_takesPrefixThenDigitThenTail(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p,
                                                 @ForAll @IntRange(min = 0, max = Id.DIGITS - 1) int length,
                                                 @ForAll @IntRange(min = 0, max = Id.RADIX - 1) int digit) {
        String expected = hex(p.get1()).substring(0, length) + Character.forDigit(digit, 16)
                + hex(p.get2()).substring(length + 1);
        assertThat(Id.withPrefix(id(p.get1()), length, digit, id(p.get2()))).hasToString(expected);
    }

    // ---- ring arithmetic --------------------------------------------------------------------

    @Property(seed = SEED)
    void plus_isAdditionModulo2To160(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        assertThat(big(id(p.get1()).plus(id(p.get2())))).isEqualTo(mod(p.get1().add(p.get2())));
    }

    @Property(seed = SEED)
    void minus_isSubtractionModulo2To160(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        assertThat(big(id(p.get1()).minus(id(p.get2())))).isEqualTo(mod(p.get1().subtract(p.get2())));
        assertThat(big(id(p.get2()).clockwiseTo(id(p.get1())))).isEqualTo(mod(p.get1().subtract(p.get2())));
    }

    @Property(seed = SEED)
    void compareDifferences_ordersClockwiseDistancesFromACommonOrigin(
            @ForAll("triples") Tuple3<BigInteger, BigInteger, BigInteger> t) {
        Id o = id(t.get1());
        Id a = id(t.get2());
        Id b = id(t.get3());
        int clockwise = mod(t.get2().subtract(t.get1())).compareTo(mod(t.get3().subtract(t.get1())));
        int counter = mod(t.get1().subtract(t.get2())).compareTo(mod(t.get1().subtract(t.get3())));
        assertThat(Integer.signum(Id.compareDifferences(a, o, b, o))).isEqualTo(Integer.signum(clockwise));
        assertThat(Integer.signum(Id.compareDifferences(o, a, o, b))).isEqualTo(Integer.signum(counter));
    }

    @Property(seed = SEED)
    void plusAndMinus_undoEachOther(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        Id a = id(p.get1());
        Id b = id(p.get2());
        assertThat(a.plus(b).minus(b)).isEqualTo(a);
        assertThat(a.minus(b).plus(b)).isEqualTo(a);
    }

    @Property(seed = SEED)
    void compareTo_isUnsignedOrder_andAgreesWithEquals(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        Id a = id(p.get1());
        Id b = id(p.get2());
        int expected = p.get1().compareTo(p.get2());
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-expected);
        assertThat(a.equals(b)).isEqualTo(expected == 0);
        if (expected == 0) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
    }

    @Property(seed = SEED)
    void distance_isTheShorterWayRound(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        Id a = id(p.get1());
        Id b = id(p.get2());
        BigInteger expected = distance(p.get1(), p.get2());
        assertThat(big(a.distance(b))).isEqualTo(expected);
        assertThat(big(b.distance(a))).isEqualTo(expected);
        assertThat(expected).isLessThanOrEqualTo(HALF);
    }

    @Property(seed = SEED)
    void isClockwiseCloser_comparesBothWaysRound(@ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        BigInteger cw = mod(p.get2().subtract(p.get1()));
        BigInteger ccw = mod(p.get1().subtract(p.get2()));
        assertThat(id(p.get1()).isClockwiseCloser(id(p.get2()))).isEqualTo(cw.compareTo(ccw) <= 0);
    }

    // ---- closeness to a key -----------------------------------------------------------------

    /** The reference order: ring distance to the key, then the node reached clockwise first. */
    private static BigInteger closenessRank(BigInteger key, BigInteger x) {
        BigInteger d = distance(key, x);
        boolean clockwise = mod(x.subtract(key)).equals(d);
        return d.shiftLeft(1).add(clockwise ? BigInteger.ZERO : BigInteger.ONE);
    }

    @Property(seed = SEED)
    void compareCloseness_isAntisymmetric(@ForAll("values") BigInteger key,
                                          @ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        Id k = id(key);
        Id a = id(p.get1());
        Id b = id(p.get2());
        int ab = Integer.signum(k.compareCloseness(a, b));
        assertThat(Integer.signum(k.compareCloseness(b, a))).isEqualTo(-ab);
        assertThat(ab == 0).isEqualTo(a.equals(b));
    }

    @Property(seed = SEED)
    void compareCloseness_ordersByDistanceThenClockwise(@ForAll("values") BigInteger key,
                                                        @ForAll("pairs") Tuple2<BigInteger, BigInteger> p) {
        int expected = closenessRank(key, p.get1()).compareTo(closenessRank(key, p.get2()));
        assertThat(Integer.signum(id(key).compareCloseness(id(p.get1()), id(p.get2()))))
                .as("key %s, a %s, b %s", hex(key), hex(p.get1()), hex(p.get2())).isEqualTo(expected);
        if (distance(key, p.get1()).compareTo(distance(key, p.get2())) < 0) {
            assertThat(id(key).compareCloseness(id(p.get1()), id(p.get2()))).isNegative();
        }
    }

    @Property(seed = SEED)
    void compareCloseness_breaksEqualDistancesClockwise(@ForAll("values") BigInteger key, @ForAll("values") BigInteger any) {
        BigInteger d = any.compareTo(HALF) <= 0 ? any : RING.subtract(any);
        BigInteger cw = mod(key.add(d));
        BigInteger ccw = mod(key.subtract(d));
        Id k = id(key);
        if (cw.equals(ccw)) {
            assertThat(k.compareCloseness(id(cw), id(ccw))).isZero();
        } else {
            assertThat(k.compareCloseness(id(cw), id(ccw))).as("key %s, d %s", hex(key), hex(d)).isNegative();
            assertThat(k.compareCloseness(id(ccw), id(cw))).isPositive();
        }
    }

    @Property(seed = SEED)
    void inArc_isTheClockwiseArcEndsIncluded(@ForAll("triples") Tuple3<BigInteger, BigInteger, BigInteger> t) {
        BigInteger x = t.get1();
        BigInteger from = t.get2();
        BigInteger to = t.get3();
        boolean expected = mod(x.subtract(from)).compareTo(mod(to.subtract(from))) <= 0;
        assertThat(Id.inArc(id(x), id(from), id(to))).as("x %s from %s to %s", hex(x), hex(from), hex(to))
                .isEqualTo(expected);
    }
}
