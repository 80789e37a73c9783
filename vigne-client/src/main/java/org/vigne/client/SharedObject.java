package org.vigne.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One shared object of the application: a value of up to 1 MiB, empty until first written, in
 * atomic consistency (every access appears to take effect at one instant between its call and its
 * return, whatever node the other components run on). Each call blocks until the node answered;
 * a refusal or failure is a {@link VigneException} with the node's reason. A write or
 * compare-and-set that ends in a timeout (504) or a restart (503) may or may not have taken effect.
 *
 * <p>Typed helpers: strings are UTF-8; longs are decimal text (so components in other languages
 * read them too; an empty value reads as 0); JSON through {@link SharedJson} when Jackson is on
 * the class path.
 */
public final class SharedObject {
    private final NodeConnection connection;
    private final String path;
    private final String name;

    SharedObject(NodeConnection connection, String path, String name) {
        this.connection = connection;
        this.path = path;
        this.name = name;
    }

    /** The object's name in its application. */
    public String name() {
        return name;
    }

    /** The value (empty if never written). */
    public byte[] read() {
        return ok(connection.exchange("GET", path, null, null)).body();
    }

    /** Replaces the value. */
    public void write(byte[] value) {
        ok(connection.exchange("PUT", path, "application/octet-stream", value));
    }

    /** Writes {@code value} only if the object holds {@code expected}; true when it did. */
    public boolean compareAndSet(byte[] expected, byte[] value) {
        return compareAndExchange(expected, value).swapped();
    }

    /**
     * Writes {@code value} only if the object holds {@code expected}; the outcome carries the value
     * found when it did not, so a retry loop needs no extra read.
     */
    public CasOutcome compareAndExchange(byte[] expected, byte[] value) {
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] body = ("{\"expected\":\"" + b64.encodeToString(expected) + "\",\"value\":\"" + b64.encodeToString(value)
                + "\"}").getBytes(StandardCharsets.US_ASCII);
        NodeConnection.Answer a = connection.exchange("POST", path + "/cas", "application/json", body);
        if (a.status() == 409 && a.conflict()) {
            return new CasOutcome(false, a.body());
        }
        ok(a);
        return new CasOutcome(true, value.clone());
    }

    /**
     * The outcome of a compare-and-set.
     *
     * @param swapped true when the value was written
     * @param current the object's value after the call: the new value, or the one that was found
     */
    public record CasOutcome(boolean swapped, byte[] current) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CasOutcome c && c.swapped == swapped && Arrays.equals(c.current, current);
        }

        @Override
        public int hashCode() {
            return 31 * Boolean.hashCode(swapped) + Arrays.hashCode(current);
        }

        @Override
        public String toString() {
            return "CasOutcome[swapped=" + swapped + ", current=" + current.length + " bytes]";
        }
    }

    // ---- strings ----------------------------------------------------------------------------------

    public String readString() {
        return new String(read(), StandardCharsets.UTF_8);
    }

    public void writeString(String value) {
        write(value.getBytes(StandardCharsets.UTF_8));
    }

    public boolean compareAndSetString(String expected, String value) {
        return compareAndSet(expected.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    // ---- longs ------------------------------------------------------------------------------------

    /** The value as a long (decimal text); 0 when empty. */
    public long readLong() {
        return parseLong(read());
    }

    public void writeLong(long value) {
        write(longBytes(value));
    }

    /** Sets {@code value} if the object holds {@code expected} (an empty object holds 0). */
    public boolean compareAndSetLong(long expected, long value) {
        byte[] current = read();
        if (parseLong(current) != expected) {
            return false;
        }
        return compareAndSet(current, longBytes(value));
    }

    /**
     * Adds {@code delta} atomically and answers the new value: compare-and-set from the value last
     * seen until one succeeds (a lost race answers the value that won, so no extra read).
     */
    public long addAndGet(long delta) {
        byte[] seen = read();
        while (true) {
            long next = parseLong(seen) + delta;
            CasOutcome o = compareAndExchange(seen, longBytes(next));
            if (o.swapped()) {
                return next;
            }
            seen = o.current();
        }
    }

    static byte[] longBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private long parseLong(byte[] value) {
        if (value.length == 0) {
            return 0;
        }
        String s = new String(value, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new VigneException(200, "object " + name + " does not hold a number: \"" + s + "\"");
        }
    }

    private NodeConnection.Answer ok(NodeConnection.Answer a) {
        if (a.status() == 200) {
            return a;
        }
        throw new VigneException(a.status(), "object " + name + ": " + a.reason());
    }
}
