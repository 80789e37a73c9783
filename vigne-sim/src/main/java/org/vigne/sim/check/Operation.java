package org.vigne.sim.check;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One call on a shared object as a client saw it: who called, on which object, what it asked,
 * what it got back and when. A history is a list of these; the checker decides whether some order
 * of them, each placed at one instant between its call and its return, explains every output.
 *
 * <p>Values are bytes; {@code null} is the value of an object that was never written. An
 * operation that never returned (its node crashed, or its caller gave up) has
 * {@code returnMs == NEVER}: it may have taken effect at any instant after its call, or never, and
 * its output is unknown. A call refused with an error that guarantees it had no effect should not
 * be recorded at all.
 *
 * @param process  who called; one process's operations are sequential
 * @param object   the shared object's name; objects are checked independently
 * @param kind     read, write or compare-and-set
 * @param input    write: the value written; cas: the new value; read: {@code null}
 * @param expected cas: the value it expects to replace; otherwise {@code null}
 * @param output   read: the value read ({@code null}: no value); otherwise {@code null}
 * @param succeeded cas: whether it swapped; otherwise {@code false}
 * @param callMs   when the call was issued, in milliseconds on any clock shared by all processes
 * @param returnMs when it returned, or {@link #NEVER}
 */
public record Operation(String process, String object, Kind kind, byte[] input, byte[] expected,
        byte[] output, boolean succeeded, double callMs, double returnMs) {

    /** The return time of an operation that never returned. */
    public static final double NEVER = Double.POSITIVE_INFINITY;

    /** What an operation does on its object (a register with compare-and-set). */
    public enum Kind {
        /** Returns the current value. */
        READ,
        /** Replaces the value. */
        WRITE,
        /** Replaces the value only if it equals the expected one, and says whether it did. */
        CAS
    }

    public Operation {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(callMs) || Double.isNaN(returnMs) || returnMs < callMs) {
            throw new IllegalArgumentException("times must satisfy call <= return, call finite: "
                    + callMs + ", " + returnMs);
        }
        boolean returned = returnMs != NEVER;
        if (kind == Kind.WRITE && (expected != null || output != null || succeeded)
                || kind == Kind.READ && (input != null || expected != null || succeeded
                        || !returned && output != null)
                || kind == Kind.CAS && (output != null || !returned && succeeded)) {
            throw new IllegalArgumentException("fields that do not belong to a " + kind + ": " + process + " on " + object);
        }
        input = copy(input);
        expected = copy(expected);
        output = copy(output);
    }

    /** A read that returned {@code valueRead}, or one that never returned if {@code returnMs == NEVER}. */
    public static Operation read(String process, String object, byte[] valueRead, double callMs, double returnMs) {
        return new Operation(process, object, Kind.READ, null, null, returnMs == NEVER ? null : valueRead,
                false, callMs, returnMs);
    }

    /** A write of {@code value}. */
    public static Operation write(String process, String object, byte[] value, double callMs, double returnMs) {
        return new Operation(process, object, Kind.WRITE, value, null, null, false, callMs, returnMs);
    }

    /** A compare-and-set from {@code expected} to {@code newValue}; {@code succeeded} is ignored if it never returned. */
    public static Operation cas(String process, String object, byte[] expected, byte[] newValue, boolean succeeded,
            double callMs, double returnMs) {
        return new Operation(process, object, Kind.CAS, newValue, expected, null, returnMs != NEVER && succeeded,
                callMs, returnMs);
    }

    /** Whether the caller saw the operation return (else its effect and output are unknown). */
    public boolean returned() {
        return returnMs != NEVER;
    }

    @Override
    public byte[] input() {
        return copy(input);
    }

    @Override
    public byte[] expected() {
        return copy(expected);
    }

    @Override
    public byte[] output() {
        return copy(output);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operation p && process.equals(p.process) && object.equals(p.object) && kind == p.kind
                && Arrays.equals(input, p.input) && Arrays.equals(expected, p.expected)
                && Arrays.equals(output, p.output) && succeeded == p.succeeded
                && Double.compare(callMs, p.callMs) == 0 && Double.compare(returnMs, p.returnMs) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(process, object, kind, Arrays.hashCode(input), Arrays.hashCode(expected),
                Arrays.hashCode(output), succeeded, callMs, returnMs);
    }

    /** For explanations: {@code w1 x.write("v2") [10, 25]}, {@code r3 x.read() -> "v1" [12, ?]}. */
    @Override
    public String toString() {
        String result = !returned() ? " -> ?" : switch (kind) {
            case READ -> " -> " + show(output);
            case WRITE -> "";
            case CAS -> " -> " + succeeded;
        };
        String args = switch (kind) {
            case READ -> "";
            case WRITE -> show(input);
            case CAS -> show(expected) + ", " + show(input);
        };
        return process + " " + object + "." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + args + ")"
                + result + " [" + time(callMs) + ", " + (returned() ? time(returnMs) : "never") + "]";
    }

    /** Printable ASCII in quotes, anything else in hex; long values are cut. */
    static String show(byte[] v) {
        if (v == null) {
            return "none";
        }
        boolean printable = true;
        for (byte b : v) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        int shown = Math.min(v.length, 24);
        String head = printable ? "\"" + new String(v, 0, shown, StandardCharsets.US_ASCII) + "\""
                : "0x" + HexFormat.of().formatHex(v, 0, Math.min(v.length, 12));
        return v.length > shown || !printable && v.length > 12 ? head + "...(" + v.length + " bytes)" : head;
    }

    private static String time(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }

    private static byte[] copy(byte[] v) {
        return v == null ? null : v.clone();
    }
}
