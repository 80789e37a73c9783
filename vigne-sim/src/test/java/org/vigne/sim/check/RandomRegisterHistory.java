package org.vigne.sim.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Histories that are linearizable by construction: processes call reads, writes and
 * compare-and-sets at random integer times (so calls and returns often touch), each operation
 * takes effect on a sequential register at a random instant of its interval, and outputs are what
 * the register gave. Some calls never return; those take effect later or never, as a lost reply
 * would. Also the mutations that make such a history wrong.
 */
final class RandomRegisterHistory {
    private RandomRegisterHistory() {
    }

    /** A history of {@code processes} x up to {@code opsPerProcess} operations on object "x", values from {@code alphabet}. */
    static List<Operation> generate(long seed, int processes, int opsPerProcess, int alphabet) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Planned> planned = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            long t = rnd.nextInt(3);
            int count = 1 + rnd.nextInt(opsPerProcess);
            for (int k = 0; k < count; k++) {
                int duration = rnd.nextInt(6);
                boolean lost = rnd.nextInt(10) == 0;
                long effect = lost ? (rnd.nextBoolean() ? t + rnd.nextInt(30) : -1) : t + rnd.nextInt(duration + 1);
                planned.add(new Planned("p" + p, k, rnd.nextInt(10), value(rnd, alphabet, false), value(rnd, alphabet, true),
                        t, lost ? Operation.NEVER : t + duration, effect));
                t += duration + rnd.nextInt(3);
            }
        }
        apply(planned);
        planned.sort(Comparator.comparingDouble((Planned o) -> o.call).thenComparing(o -> o.process)
                .thenComparingInt(o -> o.seq));
        return planned.stream().map(Planned::operation).toList();
    }

    /** Runs the register over the operations that take effect, in effect order (program order on ties). */
    private static void apply(List<Planned> planned) {
        List<Planned> effective = new ArrayList<>(planned.stream().filter(o -> o.effect >= 0).toList());
        effective.sort(Comparator.comparingLong((Planned o) -> o.effect).thenComparingDouble(o -> o.call)
                .thenComparing(o -> o.process).thenComparingInt(o -> o.seq));
        byte[] register = null;
        for (Planned o : effective) {
            switch (o.kind()) {
                case READ -> o.read = register;
                case WRITE -> register = o.value;
                case CAS -> {
                    o.succeeded = Arrays.equals(register, o.expected);
                    register = o.succeeded ? o.value : register;
                }
            }
        }
    }

    /** The same history with one returned read's value or one returned cas's outcome changed, or itself if it has none. */
    static List<Operation> mutate(List<Operation> history, long seed, int alphabet) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> outputs = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Operation o = history.get(i);
            if (o.returned() && o.kind() != Operation.Kind.WRITE) {
                outputs.add(i);
            }
        }
        if (outputs.isEmpty()) {
            return history;
        }
        int i = outputs.get(rnd.nextInt(outputs.size()));
        Operation o = history.get(i);
        Operation changed;
        if (o.kind() == Operation.Kind.CAS) {
            changed = Operation.cas(o.process(), o.object(), o.expected(), o.input(), !o.succeeded(), o.callMs(), o.returnMs());
        } else {
            byte[] other = o.output();
            while (Arrays.equals(other, o.output())) {
                other = value(rnd, alphabet, true);
            }
            changed = Operation.read(o.process(), o.object(), other, o.callMs(), o.returnMs());
        }
        List<Operation> out = new ArrayList<>(history);
        out.set(i, changed);
        return out;
    }

    /** One of the values "a", "b", ... ({@code alphabet} of them), or sometimes none if {@code orNone}. */
    private static byte[] value(SplittableRandom rnd, int alphabet, boolean orNone) {
        int k = rnd.nextInt(orNone ? alphabet + 1 : alphabet);
        return k == alphabet ? null : String.valueOf((char) ('a' + k)).getBytes(StandardCharsets.US_ASCII);
    }

    /** An operation being generated: its plan, then its outputs once the register ran. */
    private static final class Planned {
        final String process;
        final int seq;
        final int kindRoll;
        final byte[] value;
        final byte[] expected;
        final double call;
        final double ret;
        final long effect;
        byte[] read;
        boolean succeeded;

        Planned(String process, int seq, int kindRoll, byte[] value, byte[] expected, double call, double ret,
                long effect) {
            this.process = process;
            this.seq = seq;
            this.kindRoll = kindRoll;
            this.value = value;
            this.expected = expected;
            this.call = call;
            this.ret = ret;
            this.effect = effect;
        }

        Operation.Kind kind() {
            return kindRoll < 4 ? Operation.Kind.READ : kindRoll < 7 ? Operation.Kind.WRITE : Operation.Kind.CAS;
        }

        Operation operation() {
            return switch (kind()) {
                case READ -> Operation.read(process, "x", read, call, ret);
                case WRITE -> Operation.write(process, "x", value, call, ret);
                case CAS -> Operation.cas(process, "x", expected, value, succeeded, call, ret);
            };
        }
    }
}
