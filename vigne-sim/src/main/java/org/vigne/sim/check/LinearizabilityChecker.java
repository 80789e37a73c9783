package org.vigne.sim.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether a history of reads, writes and compare-and-sets on shared objects is
 * linearizable (atomic): whether each operation can be placed at one instant between its call and
 * its return so that every output is what a single copy of each object would have given.
 *
 * <p>Linearizability is compositional (P-compositionality), so the history is split per object
 * and each part searched on its own with Wing and Gong's algorithm and Lowe's memoisation
 * ({@link RegisterSearch}). The search is bounded: past {@code maxSteps} an object's verdict is
 * {@link ObjectResult.Verdict#UNKNOWN} rather than a hang. A violation comes with the operation
 * the search never got past and a small subset of operations that is not linearizable on its own.
 *
 * <p>Pure and deterministic: same history, same report. Instances are immutable.
 */
public final class LinearizabilityChecker {
    /** Default bound on search effort per object: 25 times what 1 writer + 400 readers x 1,000 loops need. */
    public static final long DEFAULT_MAX_STEPS = 10_000_000L;

    private final long maxSteps;
    private final byte[] initialValue;

    /** A checker with the default step bound, for objects that start with no value. */
    public LinearizabilityChecker() {
        this(DEFAULT_MAX_STEPS, null);
    }

    private LinearizabilityChecker(long maxSteps, byte[] initialValue) {
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive: " + maxSteps);
        }
        this.maxSteps = maxSteps;
        this.initialValue = initialValue == null ? null : initialValue.clone();
    }

    /** The same checker with another bound on search effort per object (and as much again for the explanation). */
    public LinearizabilityChecker withMaxSteps(long steps) {
        return new LinearizabilityChecker(steps, initialValue);
    }

    /** The same checker for objects that hold {@code value} before the history ({@code null}: no value). */
    public LinearizabilityChecker withInitialValue(byte[] value) {
        return new LinearizabilityChecker(maxSteps, value);
    }

    /** Checks every object of {@code history}, in object-name order. */
    public CheckReport check(Collection<Operation> history) {
        Map<String, List<Operation>> byObject = new TreeMap<>();
        for (Operation o : history) {
            byObject.computeIfAbsent(o.object(), k -> new ArrayList<>()).add(o);
        }
        List<ObjectResult> results = new ArrayList<>(byObject.size());
        byObject.forEach((object, ops) -> results.add(checkObject(object, ops)));
        return new CheckReport(results);
    }

    /** Checks one object's operations, in the order they were recorded (all must name {@code object}). */
    public ObjectResult checkObject(String object, List<Operation> operations) {
        for (Operation o : operations) {
            if (!o.object().equals(object)) {
                throw new IllegalArgumentException("operation on " + o.object() + " among " + object + "'s: " + o);
            }
        }
        RegisterSearch.Result r = new RegisterSearch(operations, initialValue, false, maxSteps).run();
        if (r.verdict() != ObjectResult.Verdict.NOT_LINEARIZABLE) {
            return new ObjectResult(object, r.verdict(), operations.size(), r.steps(), null, List.of(), false);
        }
        ViolationShrinker.Explanation e = new ViolationShrinker(initialValue, maxSteps).shrink(operations, r.stuckAt());
        return new ObjectResult(object, r.verdict(), operations.size(), r.steps(), r.stuckAt(), e.operations(),
                e.fromAnyValue());
    }
}
