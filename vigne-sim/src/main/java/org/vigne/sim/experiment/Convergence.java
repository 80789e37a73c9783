package org.vigne.sim.experiment;

import java.util.Arrays;
import org.vigne.core.Id;
import org.vigne.sim.Oracle;
import org.vigne.sim.SimNode;

/** Invariant checker: does every member's leaf set match the one the true ring gives it? */
public final class Convergence {
    private Convergence() {
    }

    /** Number of members whose leaf set differs from the oracle's. */
    public static int divergentLeafSets(Oracle oracle, int leafSetSize) {
        Oracle.Snapshot ring = oracle.snapshot();
        int wrong = 0;
        for (SimNode n : oracle.members()) {
            Id[] expected = ring.expectedLeafSet(n.self().id(), leafSetSize);
            if (!Arrays.equals(expected, n.overlay().leafSetIds())) {
                wrong++;
            }
        }
        return wrong;
    }
}
