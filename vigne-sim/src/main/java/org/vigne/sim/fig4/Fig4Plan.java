package org.vigne.sim.fig4;

import java.util.ArrayList;
import java.util.List;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.sim.data.DataExperiment;

/**
 * The runs of {@code vigne sim paper-fig4}: the paper's sweep (Sect. 7, Fig. 4: 2,000 nodes under
 * Gnutella churn, one writer and 20 to 400 readers, 1,000 loops, STAT and DYN), and with
 * {@code --extended} four more panels that vary one thing at a time around 1 writer and 100
 * readers: concurrent writers, message loss, churn, and the managers' replication degree.
 */
public final class Fig4Plan {
    /** What the command was asked for; {@code null} lists and non-positive sizes mean the defaults of the mode. */
    public record Options(boolean quick, boolean extended, long seed, long checkpointCostMs, int nodes, int loops,
                          List<Integer> readers, long timeLimitMs) {
        public Options {
            if (checkpointCostMs < 0) {
                throw new IllegalArgumentException("--checkpoint-cost must not be negative");
            }
            if (timeLimitMs <= 0) {
                throw new IllegalArgumentException("--time-limit must be positive");
            }
            if (readers != null && (readers.isEmpty() || readers.stream().anyMatch(r -> r < 1))) {
                throw new IllegalArgumentException("--readers must list positive reader counts");
            }
            readers = readers == null ? null : List.copyOf(readers);
        }

        int nodesOrDefault() {
            return nodes > 0 ? nodes : quick ? 200 : 2000;
        }

        int loopsOrDefault() {
            return loops > 0 ? loops : quick ? 50 : 1000;
        }

        List<Integer> readersOrDefault() {
            return readers != null ? readers : quick ? List.of(20, 50) : List.of(20, 50, 100, 200, 400);
        }

        /** Readers of the extended panels: the paper's middle reader count (fewer in a quick sweep). */
        int extendedReaders() {
            return quick ? 20 : 100;
        }
    }

    /** The paper's churn, named as {@code --churn} reads it. */
    public static final String PAPER_CHURN = "gnutella";

    private Fig4Plan() {
    }

    /** Every run, the paper's first; runs with equal configurations are simulated once by the sweep. */
    public static List<Fig4Run> runs(Options o) {
        DataExperiment.Config base = new DataExperiment.Config(o.nodesOrDefault(), PAPER_CHURN, 0, 0, true, o.seed(),
                16, 0.2, ConsistencyProtocol.DYN, 1, 1, o.loopsOrDefault(), true, o.timeLimitMs(),
                o.checkpointCostMs(), 3, 5);
        List<Fig4Run> runs = new ArrayList<>();
        for (ConsistencyProtocol p : ConsistencyProtocol.values()) {
            for (int r : o.readersOrDefault()) {
                runs.add(new Fig4Run("fig4", Integer.toString(r), r, base.with(p, 1, r)));
            }
        }
        if (!o.extended()) {
            return runs;
        }
        int readers = o.extendedReaders();
        List<Integer> writers = o.quick() ? List.of(1, 4) : List.of(1, 2, 4, 8);
        List<Double> losses = o.quick() ? List.of(0.0, 0.05) : List.of(0.0, 0.01, 0.02, 0.05);
        List<String> churns = o.quick() ? List.of("none", "exp:5m")
                : List.of("none", PAPER_CHURN, "exp:30m", "exp:10m", "exp:5m");
        List<Integer> degrees = o.quick() ? List.of(1, 3) : List.of(1, 3, 5, 7);
        for (ConsistencyProtocol p : ConsistencyProtocol.values()) {
            DataExperiment.Config c = base.with(p, 1, readers);
            for (int w : writers) {
                runs.add(new Fig4Run("ext-writers", Integer.toString(w), w, base.with(p, w, readers)));
            }
            for (double loss : losses) {
                runs.add(new Fig4Run("ext-loss", Double.toString(loss), loss * 100, c.withFaults(PAPER_CHURN, loss)));
            }
            for (int i = 0; i < churns.size(); i++) {
                runs.add(new Fig4Run("ext-churn", churns.get(i), i, c.withFaults(churns.get(i), 0)));
            }
            for (int r : degrees) {
                runs.add(new Fig4Run("ext-replicas", Integer.toString(r), r, c.withReplicas(r)));
            }
        }
        return runs;
    }
}
