package org.vigne.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigne.sim.fig4.Fig4Plan;
import org.vigne.sim.fig4.PaperFig4;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigne sim paper-fig4}: the paper's Fig. 4 as CSVs, PNGs, SVGs and a summary.json. */
@Command(name = "paper-fig4", mixinStandardHelpOptions = true,
        description = "Reproduce the paper's Fig. 4: STAT and DYN under Gnutella churn on 2,000 nodes, 1 writer and"
                + " 20..400 readers, 1,000 loops; with --extended also concurrent writers, loss, churn and the"
                + " managers' replication degree. Writes a CSV, a PNG and an SVG per panel and summary.json.")
final class SimPaperFig4Command implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "directory for the files (created when missing)")
    Path out;

    @Option(names = "--quick", description = "a small sweep: 200 nodes, 50 loops, 20 and 50 readers")
    boolean quick;

    @Option(names = "--extended", description = "also the panels beyond the paper (writers, loss, churn, replicas)")
    boolean extended;

    @Option(names = "--seed", description = "seed of every run (default ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Mixin
    CheckpointCostOption checkpoint;

    @Option(names = "--nodes", description = "nodes instead of the mode's (2000, quick 200)", defaultValue = "0")
    int nodes;

    @Option(names = "--loops", description = "loops instead of the mode's (1000, quick 50)", defaultValue = "0")
    int loops;

    @Option(names = "--readers", split = ",", description = "reader counts of the paper's panels instead of the"
            + " mode's (20,50,100,200,400; quick 20,50)")
    List<Integer> readers;

    @Option(names = "--time-limit", description = "simulated time after which a run stops unfinished"
            + " (default ${DEFAULT-VALUE})", defaultValue = "3h", converter = DurationConverter.class)
    long timeLimitMs;

    @Option(names = "--threads", description = "simulations run at once (default 0: one per core)",
            defaultValue = "0")
    int threads;

    @Option(names = "--json", description = "print summary.json as one line on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Fig4Plan.Options o = new Fig4Plan.Options(quick, extended, seed, checkpoint.checkpointCostMs, nodes, loops,
                readers, timeLimitMs);
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Path dir = PaperFig4.prepareOut(out);
        PaperFig4.Summary s = PaperFig4.run(o, dir, t, System.err);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.line(s));
        } else {
            print(w, s, dir);
        }
        w.flush();
        return s.violations() > 0 ? 3 : 0;
    }

    private static void print(PrintWriter w, PaperFig4.Summary s, Path dir) {
        w.printf("paper-fig4: %d runs (%d simulated) in %.1f s wall on %d threads, load %.1f -> %.1f; %s; %d violations%n",
                s.runs(), s.distinctRuns(), s.wallSeconds(), s.threads(), s.loadAverageBefore(), s.loadAverageAfter(),
                s.allCompleted() ? "every run finished its loops" : "SOME RUNS DID NOT FINISH", s.violations());
        w.printf("  %-12s %-8s %-5s %7s %10s %8s %8s %9s %9s %6s%n", "panel", "x", "proto", "loops", "sim s",
                "restarts", "failures", "mean ms", "msg/acc", "viol");
        for (PaperFig4.RunSummary r : s.results()) {
            var x = r.result();
            w.printf("  %-12s %-8s %-5s %7s %10.1f %8d %8d %9.1f %9.2f %6d%n", r.panel(), r.x(), x.protocol(),
                    x.loopsCompleted() + (x.completed() ? "" : "!"), x.simulatedSeconds(), x.restarts(),
                    x.failuresInjected(), x.meanAccessLatencyMs(), x.messagesPerAccess(),
                    x.linearizabilityViolations() + x.barrierViolations());
        }
        w.printf("  files in %s: %s%n", dir, String.join(", ", s.files()));
    }
}
