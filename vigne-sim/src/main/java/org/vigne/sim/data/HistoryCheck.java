package org.vigne.sim.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigne.sim.data.History.Operation;

/**
 * Checks a recorded history for linearizability, object by object (linearizability composes) and
 * epoch by epoch (a restart rolls every object back to its checkpoint, which a {@link History#RESTART}
 * write records). Within an epoch the history is cut at every checkpoint: checkpoints are taken
 * when no access is in progress and read each object's value, so every linearization passes
 * through that value there, and each piece can be checked alone, starting from it.
 */
public final class HistoryCheck {
    /** The outcome: how many pieces were checked, which failed. */
    public record Report(int checked, int violations, List<String> failures) {
        public boolean linearizable() {
            return violations == 0;
        }
    }

    private HistoryCheck() {
    }

    /** Checks every object of every epoch of {@code history}; values start empty in epoch 0. */
    public static Report check(History history) {
        Map<String, List<Operation>> byObject = new TreeMap<>();
        for (Operation o : history.operations()) {
            byObject.computeIfAbsent(o.epoch() + "/" + o.object(), k -> new ArrayList<>()).add(o);
        }
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (List<Operation> ops : byObject.values()) {
            ops.sort((a, b) -> Long.compare(a.callSeq(), b.callSeq()));
            String initial = "";
            List<Operation> piece = new ArrayList<>();
            for (Operation o : ops) {
                if (History.RESTART.equals(o.process())) {
                    initial = o.input();
                    continue;
                }
                piece.add(o);
                if (History.CHECKPOINT.equals(o.process())) {
                    checked++;
                    check(piece, initial, failures);
                    initial = o.output();
                    piece = new ArrayList<>();
                }
            }
            if (!piece.isEmpty()) {
                checked++;
                check(piece, initial, failures);
            }
        }
        return new Report(checked, failures.size(), failures);
    }

    private static void check(List<Operation> piece, String initial, List<String> failures) {
        if (!RegisterChecker.linearizable(piece, initial)) {
            Operation first = piece.get(0);
            failures.add("epoch " + first.epoch() + ", object " + first.object() + ", " + piece.size()
                    + " operations called from " + first.callMs() + " ms, starting from \"" + initial + "\"");
        }
    }
}
