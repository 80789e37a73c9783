package org.vigne.sim.fig4;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.sim.data.DataExperiment;

/**
 * Turns the outcomes of a sweep into the files of each panel: the paper's three (progression,
 * time to finish against readers, cumulative failures injected) and the extended ones, each a
 * CSV, a PNG and an SVG.
 */
final class Fig4Panels {
    /** Points drawn per progression curve at most (the CSV keeps every second). */
    private static final int MAX_POINTS = 400;

    private final Path dir;
    private final List<Fig4Run> runs;
    private final Map<DataExperiment.Config, Fig4Outcome> outcomes;

    Fig4Panels(Path dir, List<Fig4Run> runs, Map<DataExperiment.Config, Fig4Outcome> outcomes) {
        this.dir = dir;
        this.runs = runs;
        this.outcomes = outcomes;
    }

    /** Writes the paper's panels, and the extended ones when the sweep ran them. */
    void writeAll() throws IOException {
        List<Fig4Run> paper = panel("fig4");
        Fig4Csv.perSecond(dir.resolve("fig4-progression.csv"), "loops_completed", paper, outcomes, false);
        Fig4Charts.lines(dir, "fig4-progression", "Progression of the application (Fig. 4, left)",
                "simulated time (s)", "loops completed", perSecondCurves(paper, false));
        Fig4Csv.runs(dir.resolve("fig4-finish.csv"), paper, outcomes);
        Fig4Charts.lines(dir, "fig4-finish", "Time to finish against readers (Fig. 4, centre)", "readers",
                "simulated time to finish (s)", curves(paper, x -> x.simulatedSeconds()));
        Fig4Csv.perSecond(dir.resolve("fig4-failures.csv"), "failures_injected", paper, outcomes, true);
        Fig4Charts.lines(dir, "fig4-failures", "Cumulative failures injected (Fig. 4, right)", "simulated time (s)",
                "node departures since the start", perSecondCurves(paper, true));
        if (panel("ext-writers").isEmpty()) {
            return;
        }
        extended("ext-writers", "Concurrent writers", "writers", false);
        Fig4Charts.lines(dir, "ext-writers-messages", "Messages per access against concurrent writers", "writers",
                "data-service messages per access", curves(panel("ext-writers"), x -> x.messagesPerAccess()));
        extended("ext-loss", "Message loss", "loss (%)", false);
        extended("ext-churn", "Churn", "churn model", true);
        extended("ext-replicas", "Replication degree of the managers", "replicas (object managers and"
                + " sync group)", false);
    }

    private void extended(String name, String title, String xTitle, boolean categories)
            throws IOException {
        List<Fig4Run> p = panel(name);
        Fig4Csv.runs(dir.resolve(name + ".csv"), p, outcomes);
        String full = title + " (" + describe(p.get(0).config()) + ")";
        if (!categories) {
            Fig4Charts.lines(dir, name, full, xTitle, "simulated time to finish (s)",
                    curves(p, x -> x.simulatedSeconds()));
            return;
        }
        List<String> xs = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (Fig4Run r : p) {
            if (!xs.contains(r.x())) {
                xs.add(r.x());
            }
            series.computeIfAbsent(r.protocol().toUpperCase(), k -> new ArrayList<>())
                    .add(outcomes.get(r.config()).result().simulatedSeconds());
        }
        Fig4Charts.bars(dir, name, full, xTitle, "simulated time to finish (s)", xs, series);
    }

    private static String describe(DataExperiment.Config c) {
        return String.format("%d readers, %d nodes, %d loops", c.readers(), c.nodes(), c.loops());
    }

    private List<Fig4Run> panel(String name) {
        return runs.stream().filter(r -> r.panel().equals(name)).toList();
    }

    /** One curve per protocol: the panel's x against {@code y} of each run. */
    private List<Fig4Charts.Curve> curves(List<Fig4Run> p, ToDoubleFunction<DataExperiment.Result> y) {
        List<Fig4Charts.Curve> out = new ArrayList<>();
        for (ConsistencyProtocol proto : ConsistencyProtocol.values()) {
            List<Fig4Run> mine = p.stream().filter(r -> r.config().protocol() == proto).toList();
            double[] xs = new double[mine.size()];
            double[] ys = new double[mine.size()];
            for (int i = 0; i < mine.size(); i++) {
                xs[i] = mine.get(i).xValue();
                ys[i] = y.applyAsDouble(outcomes.get(mine.get(i).config()).result());
            }
            out.add(new Fig4Charts.Curve(proto.specName().toUpperCase(), xs, ys, true));
        }
        return out;
    }

    /** One curve per run: loops completed (or failures injected) at the end of each simulated second. */
    private List<Fig4Charts.Curve> perSecondCurves(List<Fig4Run> p, boolean failures) {
        List<Fig4Charts.Curve> out = new ArrayList<>();
        for (Fig4Run r : p) {
            Fig4Outcome o = outcomes.get(r.config());
            List<Integer> v = failures ? o.failuresBySecond() : o.loopsBySecond();
            int step = Math.max(1, (v.size() + MAX_POINTS - 1) / MAX_POINTS);
            List<Integer> at = new ArrayList<>();
            for (int j = 0; j < v.size(); j += step) {
                at.add(j);
            }
            if (!v.isEmpty() && at.get(at.size() - 1) != v.size() - 1) {
                at.add(v.size() - 1); // the end of the run, where the curve stops
            }
            double[] xs = new double[at.size()];
            double[] ys = new double[at.size()];
            for (int i = 0; i < at.size(); i++) {
                xs[i] = at.get(i) + 1;
                ys[i] = v.get(at.get(i));
            }
            out.add(new Fig4Charts.Curve(r.protocol().toUpperCase() + " " + r.config().readers() + " readers", xs, ys,
                    false));
        }
        return out;
    }
}
