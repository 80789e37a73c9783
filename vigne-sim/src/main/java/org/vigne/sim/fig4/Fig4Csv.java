package org.vigne.sim.fig4;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigne.sim.data.DataExperiment;

/** Writes the CSV files of {@code paper-fig4}: one row per run, or one per run and simulated second. */
final class Fig4Csv {
    private static final String RUN_COLUMNS = "protocol,writers,readers,churn,loss,manager_replicas,sync_replicas,"
            + "loops,loops_completed,completed,simulated_seconds,restarts,failures_injected,accesses,"
            + "mean_access_latency_ms,p99_access_latency_ms,messages_per_access,routed_messages_per_access,"
            + "linearizability_violations,barrier_violations,wall_seconds";

    private Fig4Csv() {
    }

    /** One row per run of {@code runs}: the panel's x is one of the configuration's columns. */
    static void runs(Path file, List<Fig4Run> runs, Map<DataExperiment.Config, Fig4Outcome> outcomes)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(RUN_COLUMNS + "\n");
            for (Fig4Run r : runs) {
                DataExperiment.Config c = r.config();
                DataExperiment.Result x = outcomes.get(c).result();
                w.write(String.join(",", r.protocol(), num(c.writers()), num(c.readers()), c.churn(),
                        num(c.loss()), num(c.managerReplicas()), num(c.syncReplicas()), num(c.loops()),
                        num(x.loopsCompleted()), Boolean.toString(x.completed()), num(x.simulatedSeconds()),
                        num(x.restarts()), num(x.failuresInjected()), num(x.accesses()), num(x.meanAccessLatencyMs()),
                        num(x.p99AccessLatencyMs()), num(x.messagesPerAccess()), num(x.routedMessagesPerAccess()),
                        num(x.linearizabilityViolations()), num(x.barrierViolations()), num(x.wallSeconds())));
                w.write("\n");
            }
        }
    }

    /** One row per run and simulated second: {@code protocol,readers,second,<column>}. */
    static void perSecond(Path file, String column, List<Fig4Run> runs, Map<DataExperiment.Config, Fig4Outcome> outcomes,
                          boolean failures) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("protocol,readers,second," + column + "\n");
            for (Fig4Run r : runs) {
                Fig4Outcome o = outcomes.get(r.config());
                List<Integer> values = failures ? o.failuresBySecond() : o.loopsBySecond();
                for (int i = 0; i < values.size(); i++) {
                    w.write(r.protocol() + "," + r.config().readers() + "," + (i + 1) + "," + values.get(i) + "\n");
                }
            }
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
