package org.vigne.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * A 160-bit identifier on the Pastry ring, read as 40 hexadecimal digits (b = 4).
 *
 * <p>Node ids and keys share this space. Arithmetic is modulo 2^160; the numeric distance
 * between two ids is the shorter way round the ring. Immutable; stored as three words so that
 * comparisons and distances never allocate big integers on the routing path.
 */
public final class Id implements Comparable<Id> {
    /** Number of hexadecimal digits in an id. */
    public static final int DIGITS = 40;
    /** Bits per digit (Pastry's b). */
    public static final int BITS_PER_DIGIT = 4;
    /** Values a digit can take (2^b). */
    public static final int RADIX = 16;
    /** Bytes in the binary form of an id. */
    public static final int BYTES = 20;

    public static final Id ZERO = new Id(0, 0, 0);

    private final long hi;
    private final long mid;
    private final int lo;

    private Id(long hi, long mid, int lo) {
        this.hi = hi;
        this.mid = mid;
        this.lo = lo;
    }

    /** Builds an id from its three words: the top 64 bits, the next 64 bits, the last 32 bits. */
    public static Id of(long hi, long mid, int lo) {
        return new Id(hi, mid, lo);
    }

    /** A uniformly random id drawn from the given (seeded) generator. */
    public static Id random(RandomGenerator random) {
        return new Id(random.nextLong(), random.nextLong(), random.nextInt());
    }

    /** The key of a name: SHA-1 of its UTF-8 bytes, as Pastry and the paper use. */
    public static Id sha1(String name) {
        return sha1(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The key of some bytes: their SHA-1 digest. */
    public static Id sha1(byte[] bytes) {
        try {
            return fromBytes(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** Reads 20 big-endian bytes. */
    public static Id fromBytes(byte[] b) {
        if (b.length != BYTES) {
            throw new IllegalArgumentException("an id has 20 bytes, got " + b.length);
        }
        long hi = 0;
        long mid = 0;
        int lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            mid = (mid << 8) | (b[i + 8] & 0xFF);
        }
        for (int i = 16; i < 20; i++) {
            lo = (lo << 8) | (b[i] & 0xFF);
        }
        return new Id(hi, mid, lo);
    }

    /** Parses exactly 40 hexadecimal digits. */
    public static Id fromHex(String hex) {
        if (hex.length() != DIGITS) {
            throw new IllegalArgumentException("an id is 40 hexadecimal digits, got \"" + hex + "\"");
        }
        for (int i = 0; i < DIGITS; i++) {
            if (Character.digit(hex.charAt(i), RADIX) < 0) {
                throw new IllegalArgumentException("not a hexadecimal id: \"" + hex + "\"");
            }
        }
        try {
            return new Id(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                    Long.parseUnsignedLong(hex.substring(16, 32), 16),
                    Integer.parseUnsignedInt(hex.substring(32, 40), 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hexadecimal id: \"" + hex + "\"", e);
        }
    }

    /** The top 64 bits. */
    public long hi() {
        return hi;
    }

    /** The middle 64 bits. */
    public long mid() {
        return mid;
    }

    /** The last 32 bits. */
    public int lo() {
        return lo;
    }

    /** The 20 big-endian bytes of this id. */
    public byte[] toBytes() {
        byte[] b = new byte[BYTES];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (mid >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            b[16 + i] = (byte) (lo >>> (24 - 8 * i));
        }
        return b;
    }

    /** Digit {@code i} (0 is the most significant), in 0..15. */
    public int digit(int i) {
        if (i < 0) {
            throw new IndexOutOfBoundsException("digit " + i);
        }
        if (i < 16) {
            return (int) (hi >>> (60 - 4 * i)) & 0xF;
        } else if (i < 32) {
            return (int) (mid >>> (60 - 4 * (i - 16))) & 0xF;
        } else if (i < DIGITS) {
            return (lo >>> (28 - 4 * (i - 32))) & 0xF;
        }
        throw new IndexOutOfBoundsException("digit " + i);
    }

    /** Number of leading digits this id shares with {@code other} (40 when equal). */
    public int prefixLength(Id other) {
        long x = hi ^ other.hi;
        if (x != 0) {
            return Long.numberOfLeadingZeros(x) / 4;
        }
        x = mid ^ other.mid;
        if (x != 0) {
            return 16 + Long.numberOfLeadingZeros(x) / 4;
        }
        int y = lo ^ other.lo;
        if (y != 0) {
            return 32 + Integer.numberOfLeadingZeros(y) / 4;
        }
        return DIGITS;
    }

    /** {@code this + other} modulo 2^160. */
    public Id plus(Id other) {
        long l = (lo & 0xFFFFFFFFL) + (other.lo & 0xFFFFFFFFL);
        long carry = l >>> 32;
        long m = mid + other.mid;
        long carry2 = Long.compareUnsigned(m, mid) < 0 ? 1 : 0;
        long m2 = m + carry;
        if (carry == 1 && m2 == 0) {
            carry2 = 1;
        }
        return new Id(hi + other.hi + carry2, m2, (int) l);
    }

    /** {@code this - other} modulo 2^160: the clockwise distance from {@code other} to this. */
    public Id minus(Id other) {
        long l = (lo & 0xFFFFFFFFL) - (other.lo & 0xFFFFFFFFL);
        long borrow = l < 0 ? 1 : 0;
        long m = mid - other.mid;
        long borrow2 = Long.compareUnsigned(mid, other.mid) < 0 ? 1 : 0;
        long m2 = m - borrow;
        if (borrow == 1 && m == 0) {
            borrow2 = 1;
        }
        return new Id(hi - other.hi - borrow2, m2, (int) l);
    }

    /** The clockwise distance from this id to {@code to}, modulo 2^160. */
    public Id clockwiseTo(Id to) {
        return to.minus(this);
    }

    /** The numeric ring distance: the shorter of the two ways round. */
    public Id distance(Id other) {
        Id cw = other.minus(this);
        Id ccw = this.minus(other);
        return cw.compareTo(ccw) <= 0 ? cw : ccw;
    }

    /** True when going clockwise from this id reaches {@code other} before the antipode. */
    public boolean isClockwiseCloser(Id other) {
        return other.minus(this).compareTo(this.minus(other)) <= 0;
    }

    /**
     * Compares how close {@code a} and {@code b} are to this id (used as a key): negative when
     * {@code a} is closer. Equal distances (one on each side) are broken in favour of the id
     * reached clockwise, so every node and the oracle agree on a single root for every key.
     */
    public int compareCloseness(Id a, Id b) {
        // The top 128 bits of the two distances decide almost always; they are computed without
        // allocating, since routing and the oracle call this for every candidate of every hop.
        int c = compareTop(distHi(this, a), distMid(this, a), distHi(this, b), distMid(this, b));
        if (c != 0) {
            return c;
        }
        c = distance(a).compareTo(distance(b));
        if (c != 0 || a.equals(b)) {
            return c;
        }
        return minus(a).compareTo(minus(b)) > 0 ? -1 : 1;
    }

    /** True when {@code x} lies on the clockwise arc from {@code from} to {@code to}, ends included. */
    public static boolean inArc(Id x, Id from, Id to) {
        int c = compareTop(subHi(x, from), subMid(x, from), subHi(to, from), subMid(to, from));
        if (c != 0) {
            return c < 0;
        }
        return x.minus(from).compareTo(to.minus(from)) <= 0;
    }

    /**
     * Compares {@code x1 - y1} with {@code x2 - y2} (both modulo 2^160, unsigned) without
     * allocating: a leaf set orders its members by clockwise or counter-clockwise distance this
     * way instead of keeping a distance object per member.
     */
    public static int compareDifferences(Id x1, Id y1, Id x2, Id y2) {
        int c = compareTop(subHi(x1, y1), subMid(x1, y1), subHi(x2, y2), subMid(x2, y2));
        return c != 0 ? c : Integer.compareUnsigned(x1.lo - y1.lo, x2.lo - y2.lo);
    }

    /**
     * Compares a difference kept as its three words ({@code hi}, {@code mid}, {@code lo} of an
     * {@link #minus}) with {@code x - y}, as {@link #compareDifferences} would: a leaf set keeps
     * the distance to its farthest members so, and tests a candidate without reading them.
     */
    public static int compareDifference(long hi, long mid, int lo, Id x, Id y) {
        int c = compareTop(hi, mid, subHi(x, y), subMid(x, y));
        return c != 0 ? c : Integer.compareUnsigned(lo, x.lo - y.lo);
    }

    private static int compareTop(long ah, long am, long bh, long bm) {
        int c = Long.compareUnsigned(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(am, bm);
    }

    /** Borrow out of the low word of {@code x - y}. */
    private static long borrowLo(Id x, Id y) {
        return Integer.compareUnsigned(x.lo, y.lo) < 0 ? 1 : 0;
    }

    /** Middle word of {@code x - y} modulo 2^160. */
    private static long subMid(Id x, Id y) {
        return x.mid - y.mid - borrowLo(x, y);
    }

    /** Top word of {@code x - y} modulo 2^160. */
    private static long subHi(Id x, Id y) {
        long borrow = Long.compareUnsigned(x.mid, y.mid) < 0 || (x.mid == y.mid && borrowLo(x, y) == 1) ? 1 : 0;
        return x.hi - y.hi - borrow;
    }

    /** True when {@code d - key} (clockwise) is not longer than {@code key - d}, on the top 128 bits. */
    private static boolean clockwiseShorter(Id key, Id d) {
        return compareTop(subHi(d, key), subMid(d, key), subHi(key, d), subMid(key, d)) <= 0;
    }

    /** Top word of the ring distance between {@code key} and {@code d}. */
    private static long distHi(Id key, Id d) {
        return clockwiseShorter(key, d) ? subHi(d, key) : subHi(key, d);
    }

    /** Middle word of the ring distance between {@code key} and {@code d}. */
    private static long distMid(Id key, Id d) {
        return clockwiseShorter(key, d) ? subMid(d, key) : subMid(key, d);
    }

    /** Unsigned order on the 160-bit integers. */
    @Override
    public int compareTo(Id o) {
        int c = Long.compareUnsigned(hi, o.hi);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(mid, o.mid);
        if (c != 0) {
            return c;
        }
        return Integer.compareUnsigned(lo, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Id other && hi == other.hi && mid == other.mid && lo == other.lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(mid) * 17 + lo;
    }

    /** The 40 hexadecimal digits. */
    @Override
    public String toString() {
        return String.format("%016x%016x%08x", hi, mid, lo);
    }

    /** The first eight digits, for logs. */
    public String shortString() {
        return String.format("%08x", hi >>> 32);
    }

    /** An id whose first {@code length} digits are those of {@code prefix}, then {@code digit}, then the rest of {@code tail}. */
    public static Id withPrefix(Id prefix, int length, int digit, Id tail) {
        StringBuilder sb = new StringBuilder(DIGITS);
        String p = prefix.toString();
        String t = tail.toString();
        sb.append(p, 0, length).append(Character.forDigit(digit, RADIX)).append(t, length + 1, DIGITS);
        return fromHex(sb.toString());
    }
}
