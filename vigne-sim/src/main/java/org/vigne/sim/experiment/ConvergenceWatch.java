package org.vigne.sim.experiment;

import java.util.ArrayList;
import java.util.List;
import org.vigne.sim.Oracle;
import org.vigne.sim.SimNode;

/**
 * Watches a ring converge, checked once per simulated second by the ring builder. A full check of
 * a million leaf sets costs seconds of wall time, so while the true ring stays the same only the
 * nodes found wrong last time are checked again; once they are all right (or the ring changed), a
 * full check decides. It answers "converged" at exactly the instants a full check would: never
 * without a full check passing, and a full check runs whenever the rechecked nodes pass.
 */
final class ConvergenceWatch {
    private final Oracle oracle;
    private final int leafSetSize;
    private long checkedVersion = -1;
    private Oracle.Snapshot ring;
    private List<SimNode> wrong = List.of();

    ConvergenceWatch(Oracle oracle, int leafSetSize) {
        this.oracle = oracle;
        this.leafSetSize = leafSetSize;
    }

    /** Whether every member's leaf set matches the true ring now. */
    boolean converged() {
        if (oracle.version() == checkedVersion && !wrong.isEmpty()) {
            List<SimNode> still = new ArrayList<>();
            for (SimNode n : wrong) {
                if (oracle.contains(n)) {
                    still.add(n);
                }
            }
            wrong = Convergence.divergent(ring, still, leafSetSize);
            if (!wrong.isEmpty()) {
                return false;
            }
        }
        checkedVersion = oracle.version();
        ring = oracle.snapshot();
        wrong = Convergence.divergent(ring, oracle.members(), leafSetSize);
        return wrong.isEmpty();
    }

    /** Leaf sets found wrong at the last check. */
    int lastDivergent() {
        return wrong.size();
    }
}
