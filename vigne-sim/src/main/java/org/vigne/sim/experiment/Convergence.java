package org.vigne.sim.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vigne.core.Id;
import org.vigne.sim.Oracle;
import org.vigne.sim.SimNode;

/** Invariant checker: does every member's leaf set match the one the true ring gives it? */
public final class Convergence {
    private Convergence() {
    }

    /** Number of members whose leaf set differs from the oracle's. */
    public static int divergentLeafSets(Oracle oracle, int leafSetSize) {
        return divergent(oracle.snapshot(), oracle.members(), leafSetSize).size();
    }

    /** Those of {@code nodes} (members of {@code ring}) whose leaf set differs from the one the ring gives them. */
    static List<SimNode> divergent(Oracle.Snapshot ring, Iterable<SimNode> nodes, int leafSetSize) {
        List<SimNode> wrong = new ArrayList<>();
        for (SimNode n : nodes) {
            Id[] expected = ring.expectedLeafSet(n.self().id(), leafSetSize);
            if (!Arrays.equals(expected, n.overlay().leafSetIds())) {
                wrong.add(n);
            }
        }
        return wrong;
    }
}
