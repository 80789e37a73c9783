package org.vigne.sim.check;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Wing and Gong's search for a linearization of one object's history, with Lowe's memoisation:
 * a depth-first search over configurations (which operations are linearized, the object's value),
 * never visiting one twice.
 *
 * <p>Two things keep it fast on long histories with many readers:
 * <ul>
 * <li>An operation that may go next, is legal now and can never change the value (a read, a failed
 *     cas) is linearized at once without branching: if any linearization exists, moving it to the
 *     front gives another, since it changes nothing anyone else sees. So concurrent reads cost one
 *     step each, and branching happens only on writes and successful cas. (A write of the current
 *     value does not qualify: later in the order it may change the value.)</li>
 * <li>The linearized set is stored as a frontier (every returned operation before it, in call
 *     order, is linearized) plus a bitset of the few linearized beyond it, which are all
 *     concurrent with the frontier operation, so a memo entry is small however long the history.</li>
 * </ul>
 * Operations that never returned are optional: the search succeeds once every returned one is
 * linearized; a read that never returned constrains nothing and is dropped.
 *
 * <p>Real-time order: {@code a} precedes {@code b} if {@code a} returned strictly before
 * {@code b} was called, or if both belong to one process, {@code a} comes first in call order
 * and returned no later than {@code b}'s call (a process that calls again at the very instant it
 * got its answer still called afterwards). Ties between processes count as concurrent.
 */
final class RegisterSearch {
    /** The value of an object never written. */
    static final int ABSENT = 0;
    /** Any value at all: the start state when looking for a violation whatever the initial value. */
    static final int WILDCARD = -1;
    private static final int ILLEGAL = -2;
    private static final long[] NO_BITS = {};

    /**
     * The answer: a verdict, the steps spent and, on a violation, where the search got stuck: the
     * later of the first operation no linearization got past and the last read it found could
     * never be satisfied. The operations called before that one returned are not linearizable on
     * their own (later ones cannot help), which is where {@link ViolationShrinker} looks.
     */
    record Result(ObjectResult.Verdict verdict, long steps, Operation stuckAt) {
    }

    private final Operation[] ops;
    private final double[] call;
    private final double[] ret;
    private final int[] proc;
    private final int[] value;
    private final int[] expected;
    private final boolean[] unknown;
    private final boolean[] readOnly;
    private final int[] ordinal;
    private final int[] returnedAt;
    private final int[] unknownAt;
    private final int[][] readersOf;
    private final int[][] swappersOf;
    private final int[][] producersOf;
    private final int[][] unknownProducersOf;
    private final int start;
    private final long maxSteps;

    private final BitSet lin = new BitSet();
    private final BitSet linReturned = new BitSet();
    private final BitSet linUnknown = new BitSet();
    private int front;
    private int linearizedReturned;
    private int state;
    private long steps;
    private int bestFront;
    private int doomed = -1;

    /**
     * @param history  one object's operations, in the order they were recorded
     * @param initial  the object's value before the history ({@code null}: none)
     * @param wildcard start from any value instead of {@code initial}
     */
    RegisterSearch(List<Operation> history, byte[] initial, boolean wildcard, long maxSteps) {
        List<Operation> kept = new ArrayList<>(history.size());
        for (Operation o : history) {
            if (o.returned() || o.kind() != Operation.Kind.READ) {
                kept.add(o);
            }
        }
        Integer[] order = new Integer[kept.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> kept.get(i).callMs()).thenComparingInt(i -> i));
        int n = order.length;
        ops = new Operation[n];
        call = new double[n];
        ret = new double[n];
        proc = new int[n];
        value = new int[n];
        expected = new int[n];
        unknown = new boolean[n];
        readOnly = new boolean[n];
        ordinal = new int[n];
        Map<ByteBuffer, Integer> values = new HashMap<>();
        Map<String, Integer> processes = new HashMap<>();
        int returned = 0;
        for (int i = 0; i < n; i++) {
            Operation o = kept.get(order[i]);
            ops[i] = o;
            call[i] = o.callMs();
            ret[i] = o.returnMs();
            proc[i] = processes.computeIfAbsent(o.process(), p -> processes.size());
            value[i] = intern(o.kind() == Operation.Kind.READ ? o.output() : o.input(), values);
            expected[i] = intern(o.expected(), values);
            unknown[i] = !o.returned();
            readOnly[i] = o.kind() == Operation.Kind.READ
                    || o.kind() == Operation.Kind.CAS && o.returned() && (!o.succeeded() || value[i] == expected[i]);
            ordinal[i] = unknown[i] ? i - returned : returned++;
        }
        returnedAt = new int[returned];
        unknownAt = new int[n - returned];
        for (int i = 0; i < n; i++) {
            (unknown[i] ? unknownAt : returnedAt)[ordinal[i]] = i;
        }
        start = wildcard ? WILDCARD : intern(initial, values);
        readersOf = byValue(values.size() + 1, i -> !unknown[i] && ops[i].kind() == Operation.Kind.READ ? value[i] : -1);
        swappersOf = byValue(values.size() + 1,
                i -> !unknown[i] && ops[i].kind() == Operation.Kind.CAS && ops[i].succeeded() ? expected[i] : -1);
        producersOf = byValue(values.size() + 1, i -> unknown[i] ? -1 : produced(i));
        unknownProducersOf = byValue(values.size() + 1, i -> unknown[i] ? produced(i) : -1);
        this.maxSteps = maxSteps;
    }

    /** For each value, in call order, the operations {@code valueOf} maps to it (-1: none). */
    private int[][] byValue(int valueCount, IntUnaryOperator valueOf) {
        int[] count = new int[valueCount];
        for (int i = 0; i < ops.length; i++) {
            int v = valueOf.applyAsInt(i);
            if (v >= 0) {
                count[v]++;
            }
        }
        int[][] groups = new int[valueCount][];
        for (int v = 0; v < valueCount; v++) {
            groups[v] = new int[count[v]];
            count[v] = 0;
        }
        for (int i = 0; i < ops.length; i++) {
            int v = valueOf.applyAsInt(i);
            if (v >= 0) {
                groups[v][count[v]++] = i;
            }
        }
        return groups;
    }

    /** The value an operation may leave: a write's, a cas's new one unless it returned a failure. */
    private int produced(int i) {
        return switch (ops[i].kind()) {
            case READ -> -1;
            case WRITE -> value[i];
            case CAS -> unknown[i] || ops[i].succeeded() ? value[i] : -1;
        };
    }

    private static int intern(byte[] v, Map<ByteBuffer, Integer> values) {
        return v == null ? ABSENT : values.computeIfAbsent(ByteBuffer.wrap(v), k -> values.size() + 1);
    }

    /** One configuration on the search path: the operation that led to it, what to undo, what to try next. */
    private static final class Frame {
        final int op;
        final int previousState;
        final int[] greedy;
        final int[] candidates;
        int next;

        Frame(int op, int previousState, int[] greedy, int[] candidates) {
            this.op = op;
            this.previousState = previousState;
            this.greedy = greedy;
            this.candidates = candidates;
        }
    }

    Result run() {
        state = start;
        List<Frame> path = new ArrayList<>();
        Set<MemoKey> seen = new HashSet<>();
        IntList greedy = new IntList();
        int[] candidates = close(greedy);
        if (done()) {
            return new Result(ObjectResult.Verdict.LINEARIZABLE, steps, null);
        }
        seen.add(key());
        path.add(new Frame(-1, state, greedy.toArray(), candidates));
        while (!path.isEmpty()) {
            if (steps > maxSteps) {
                return new Result(ObjectResult.Verdict.UNKNOWN, steps, null);
            }
            Frame top = path.get(path.size() - 1);
            if (top.next == top.candidates.length) {
                path.remove(path.size() - 1);
                undo(top);
                continue;
            }
            int c = top.candidates[top.next++];
            int previous = state;
            state = step(c, state);
            linearize(c);
            greedy = new IntList();
            candidates = close(greedy);
            if (done()) {
                return new Result(ObjectResult.Verdict.LINEARIZABLE, steps, null);
            }
            Frame f = new Frame(c, previous, greedy.toArray(), candidates);
            if (seen.add(key())) {
                path.add(f);
            } else {
                undo(f);
            }
        }
        int furthest = returnedAt[bestFront];
        return new Result(ObjectResult.Verdict.NOT_LINEARIZABLE, steps,
                ops[doomed >= 0 && ret[doomed] > ret[furthest] ? doomed : furthest]);
    }

    private boolean done() {
        return linearizedReturned == returnedAt.length;
    }

    private void undo(Frame f) {
        for (int g : f.greedy) {
            unlinearize(g);
        }
        if (f.op >= 0) {
            unlinearize(f.op);
            state = f.previousState;
        }
    }

    /**
     * Linearizes every read-only operation that may go next and is legal, then returns the other
     * legal operations that may go next (unknown ones only if they would change the value: taking
     * one that changes nothing now is never better than keeping it for later). One pass in call
     * order: an operation may go next unless a pending returned operation precedes it, and only
     * operations before it can.
     */
    private int[] close(IntList greedy) {
        IntList candidates = new IntList();
        int frontAt = front < returnedAt.length ? returnedAt[front] : ops.length;
        // Unknown operations called before the frontier: everything that could precede them is linearized.
        for (int u = linUnknown.nextClearBit(0); u < unknownAt.length && unknownAt[u] < frontAt;
                u = linUnknown.nextClearBit(u + 1)) {
            offerUnknown(unknownAt[u], candidates);
        }
        double minReturn = Double.POSITIVE_INFINITY;
        IntList returningThen = new IntList();
        for (int i = frontAt; i < ops.length; i = lin.nextClearBit(i + 1)) {
            if (call[i] > minReturn) {
                break;
            }
            boolean blocked = call[i] == minReturn && returningThen.contains(proc[i]);
            if (unknown[i]) {
                if (!blocked) {
                    offerUnknown(i, candidates);
                }
                continue;
            }
            if (!blocked) {
                int next = step(i, state);
                if (next == state && readOnly[i]) {
                    linearize(i);
                    greedy.add(i);
                    continue;
                }
                if (next != ILLEGAL) {
                    candidates.add(i);
                }
            }
            if (ret[i] < minReturn) {
                minReturn = ret[i];
                returningThen.clear();
            }
            if (ret[i] == minReturn) {
                returningThen.add(proc[i]);
            }
        }
        bestFront = Math.max(bestFront, front);
        if (state >= 0 && firstPending(producersOf[state], frontAt) < 0 && firstPending(unknownProducersOf[state], 0) < 0) {
            return strand(candidates, frontAt);
        }
        return order(candidates.toArray(), frontAt);
    }

    /**
     * Nothing left can bring the current value back. A pending read of it cannot go now (it would
     * have been taken), so any change strands it: a dead end. A pending cas from it must be what
     * changes it, so only those may go. The operation stranded is remembered for the explanation.
     */
    private int[] strand(IntList candidates, int frontAt) {
        int reader = earliestPending(readersOf[state], frontAt);
        int swapper = earliestPending(swappersOf[state], frontAt);
        int needy = reader >= 0 ? reader : swapper;
        if (needy < 0) {
            return order(candidates.toArray(), frontAt);
        }
        if (doomed < 0 || ret[needy] > ret[doomed]) {
            doomed = needy;
        }
        IntList swaps = new IntList();
        for (int k = 0; reader < 0 && k < candidates.size(); k++) {
            int c = candidates.get(k);
            if (!unknown[c] && ops[c].kind() == Operation.Kind.CAS && ops[c].succeeded() && expected[c] == state) {
                swaps.add(c);
            }
        }
        return order(swaps.toArray(), frontAt);
    }

    /**
     * Tries first the candidates whose value nobody still needs, then the others by the deadline
     * of their value (the earliest return among the operations not yet linearized that need it):
     * the order in which a register usually went through them. Only the speed of finding a
     * linearization depends on it, never the verdict.
     */
    private int[] order(int[] candidates, int frontAt) {
        if (candidates.length < 2) {
            return candidates;
        }
        double[] deadline = new double[candidates.length];
        Integer[] idx = new Integer[candidates.length];
        for (int k = 0; k < candidates.length; k++) {
            idx[k] = k;
            deadline[k] = deadline(step(candidates[k], state), frontAt);
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer k) -> deadline[k]).thenComparingInt(k -> k));
        int[] sorted = new int[candidates.length];
        for (int k = 0; k < candidates.length; k++) {
            sorted[k] = candidates[idx[k]];
        }
        return sorted;
    }

    /** Earliest return among operations not yet linearized that need value {@code v}; minus infinity if none. */
    private double deadline(int v, int frontAt) {
        if (v < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int reader = earliestPending(readersOf[v], frontAt);
        int swapper = earliestPending(swappersOf[v], frontAt);
        double earliest = Math.min(reader < 0 ? Double.POSITIVE_INFINITY : ret[reader],
                swapper < 0 ? Double.POSITIVE_INFINITY : ret[swapper]);
        return earliest == Double.POSITIVE_INFINITY ? Double.NEGATIVE_INFINITY : earliest;
    }

    /** The operation of {@code group} not yet linearized that returned first; -1 if none. */
    private int earliestPending(int[] group, int frontAt) {
        int earliest = -1;
        // None called after the earliest return so far can return before it.
        for (int k = firstPending(group, frontAt); k >= 0 && k < group.length
                && (earliest < 0 || call[group[k]] <= ret[earliest]); k++) {
            if (!lin.get(group[k]) && (earliest < 0 || ret[group[k]] < ret[earliest])) {
                earliest = group[k];
            }
        }
        return earliest;
    }

    /**
     * Position in {@code group} (operation indices in call order) of the first one not linearized,
     * looking from index {@code from} on; -1 if none. Returned operations before the frontier are
     * all linearized, so callers looking for those start there.
     */
    private int firstPending(int[] group, int from) {
        int k = Arrays.binarySearch(group, from);
        for (k = k < 0 ? -k - 1 : k; k < group.length; k++) {
            if (!lin.get(group[k])) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Offers an unknown operation that may go next, if taking it now would change the value and no
     * candidate already does the same thing: two such operations constrain nothing (neither
     * returned) and are both free to go from now on, so trying one of them is enough.
     */
    private void offerUnknown(int i, IntList candidates) {
        if (step(i, state) == state) {
            return;
        }
        for (int k = 0; k < candidates.size(); k++) {
            int c = candidates.get(k);
            if (unknown[c] && ops[c].kind() == ops[i].kind() && value[c] == value[i] && expected[c] == expected[i]) {
                return;
            }
        }
        candidates.add(i);
    }

    /** The value after operation {@code i} in state {@code s}, or {@link #ILLEGAL} if its output forbids it. */
    private int step(int i, int s) {
        boolean matches = s == expected[i] || s == WILDCARD;
        return switch (ops[i].kind()) {
            case READ -> s == value[i] || s == WILDCARD ? value[i] : ILLEGAL;
            case WRITE -> value[i];
            // An unknown cas is only worth taking when it swaps; not taking it stands for a failure.
            case CAS -> unknown[i] ? (matches ? value[i] : s)
                    : ops[i].succeeded() ? (matches ? value[i] : ILLEGAL)
                    // From a wildcard, a failed cas leaves "anything but expected": kept as wildcard (looser).
                    : (s == expected[i] ? ILLEGAL : s);
        };
    }

    private void linearize(int i) {
        steps++;
        lin.set(i);
        if (unknown[i]) {
            linUnknown.set(ordinal[i]);
            return;
        }
        linReturned.set(ordinal[i]);
        linearizedReturned++;
        if (ordinal[i] == front) {
            front = linReturned.nextClearBit(front);
        }
    }

    private void unlinearize(int i) {
        lin.clear(i);
        if (unknown[i]) {
            linUnknown.clear(ordinal[i]);
            return;
        }
        linReturned.clear(ordinal[i]);
        linearizedReturned--;
        front = Math.min(front, ordinal[i]);
    }

    private MemoKey key() {
        int end = linReturned.length();
        long[] beyond = end > front + 1 ? linReturned.get(front + 1, end).toLongArray() : NO_BITS;
        return new MemoKey(front, beyond, linUnknown.toLongArray(), state);
    }
}
