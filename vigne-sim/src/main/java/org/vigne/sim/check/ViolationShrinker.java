package org.vigne.sim.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a violation into an explanation a person can read: a small subset of an object's
 * operations that is not linearizable on its own, usually two to four (a completed write and a
 * later stale read; two compare-and-sets that both succeeded from one value).
 *
 * <p>It keeps the operations called before the stuck one returned (later ones cannot help it),
 * cuts as long a prefix as it can, then removes chunks of halving size while the rest still
 * fails (delta debugging). It prefers subsets that fail from any initial value, so that a
 * stale read is not "explained" by removing the write it should have seen. Best effort: it stops
 * when its step budget is spent and returns what it has, which still fails.
 */
final class ViolationShrinker {
    private final byte[] initial;
    private long stepsLeft;

    /** Explanation and whether it fails from any initial value. */
    record Explanation(List<Operation> operations, boolean fromAnyValue) {
    }

    ViolationShrinker(byte[] initial, long maxSteps) {
        this.initial = initial;
        this.stepsLeft = maxSteps;
    }

    Explanation shrink(List<Operation> history, Operation stuckAt) {
        List<Operation> ops = history.stream().filter(o -> o.callMs() <= stuckAt.returnMs())
                .sorted(Comparator.comparingDouble(Operation::callMs)).toList();
        boolean anyValue = fails(ops, true);
        if (!anyValue && !fails(ops, false)) {
            return new Explanation(ops, false);
        }
        return new Explanation(removeWhileFailing(dropPrefix(ops, anyValue), anyValue), anyValue);
    }

    /**
     * A short suffix that still fails: suffixes of 8, 16, 32... operations until one fails (a
     * violation is usually local, so this stays cheap on long histories), then bisection between
     * that one and the last that did not.
     */
    private List<Operation> dropPrefix(List<Operation> ops, boolean anyValue) {
        int n = ops.size();
        int failing = 0;
        int passing = n;
        for (int m = 8; n - m > 0 && stepsLeft > 0; m *= 2) {
            if (fails(ops.subList(n - m, n), anyValue)) {
                failing = n - m;
                break;
            }
            passing = n - m;
        }
        while (failing + 1 < passing && stepsLeft > 0) {
            int mid = (failing + passing) >>> 1;
            if (fails(ops.subList(mid, n), anyValue)) {
                failing = mid;
            } else {
                passing = mid;
            }
        }
        return ops.subList(failing, n);
    }

    /** Delta debugging: drop chunks of halving size while the rest fails, down to single operations. */
    private List<Operation> removeWhileFailing(List<Operation> ops, boolean anyValue) {
        List<Operation> current = ops;
        int chunk = Math.max(1, current.size() / 2);
        while (stepsLeft > 0) {
            boolean removed = false;
            for (int from = 0; from < current.size() && stepsLeft > 0; ) {
                int to = Math.min(current.size(), from + chunk);
                List<Operation> without = new ArrayList<>(current.subList(0, from));
                without.addAll(current.subList(to, current.size()));
                if (!without.isEmpty() && fails(without, anyValue)) {
                    current = without;
                    removed = true;
                } else {
                    from = to;
                }
            }
            if (chunk == 1 && !removed) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        return List.copyOf(current);
    }

    private boolean fails(List<Operation> ops, boolean anyValue) {
        RegisterSearch.Result r = new RegisterSearch(ops, initial, anyValue, stepsLeft).run();
        stepsLeft -= r.steps();
        return r.verdict() == ObjectResult.Verdict.NOT_LINEARIZABLE;
    }
}
