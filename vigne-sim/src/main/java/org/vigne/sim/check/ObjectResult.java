package org.vigne.sim.check;

import java.util.List;

/**
 * The checker's answer for one object. Linearizability is compositional, so a history is
 * linearizable exactly when every object's part of it is.
 *
 * @param object      the object's name
 * @param verdict     linearizable, not, or unknown when the search ran out of steps
 * @param operations  how many operations of the history touch this object
 * @param steps       search effort: operations placed in a candidate linearization, backtracking included
 * @param stuckAt     on a violation, where the search got stuck: the first operation no
 *                    linearization gets past, or a read whose value was gone for good before it
 *                    could be placed; otherwise {@code null}
 * @param explanation on a violation, a small subset of the operations that is not linearizable on
 *                    its own (found by removing operations while it stays so); otherwise empty
 * @param fromAnyValue whether the explanation fails whatever value the object starts with (else
 *                    it fails from the checker's initial value)
 */
public record ObjectResult(String object, Verdict verdict, int operations, long steps, Operation stuckAt,
        List<Operation> explanation, boolean fromAnyValue) {

    /** Whether an object's history has a linearization. */
    public enum Verdict {
        /** Some order of the operations, each at an instant between its call and return, explains every output. */
        LINEARIZABLE,
        /** No such order exists. */
        NOT_LINEARIZABLE,
        /** The search hit its step limit before deciding. */
        UNKNOWN
    }

    public ObjectResult {
        explanation = List.copyOf(explanation);
    }

    /** A few lines for a test failure or an experiment's log. */
    public String describe() {
        StringBuilder b = new StringBuilder("object ").append(object).append(": ").append(verdict)
                .append(" (").append(operations).append(" operations, ").append(steps).append(" steps)");
        if (verdict == Verdict.NOT_LINEARIZABLE) {
            b.append("\n  stuck at ").append(stuckAt);
            b.append("\n  not linearizable on their own (").append(fromAnyValue ? "from any initial value"
                    : "from the initial value").append("):");
            for (Operation o : explanation) {
                b.append("\n    ").append(o);
            }
        }
        return b.toString();
    }
}
