package org.vigne.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import org.vigne.cli.bench.BenchGrid;
import org.vigne.cli.bench.GcsBenchResult;
import org.vigne.cli.bench.GcsWorkload;
import org.vigne.cli.bench.PhaseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne bench gcs}: commit latency and throughput of group communication on a local grid. */
@Command(name = "gcs", mixinStandardHelpOptions = true,
        description = "Commit latency and throughput of counter groups (r=3) on a local grid: one group with 1 then 8"
                + " client threads, then many groups at once.")
final class BenchGcsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", description = "nodes of the grid (default ${DEFAULT-VALUE})", defaultValue = "3")
    int nodes;

    @Mixin
    BenchOptions bench;

    @Option(names = "--groups", description = "groups of the many-group phases, 0 for none (default ${DEFAULT-VALUE})",
            defaultValue = "1000")
    int groups;

    @Option(names = "--via", description = "the one group is commanded through its leader's node or a follower's:"
            + " leader or follower (default ${DEFAULT-VALUE})", defaultValue = "follower")
    String via;

    @Option(names = "--warmup", description = "commands before measuring (default ${DEFAULT-VALUE})", defaultValue = "5000")
    int warmup;


    @Override
    public Integer call() throws BindException, InterruptedException {
        if (!via.equals("leader") && !via.equals("follower")) {
            throw new CliFailure("--via is leader or follower, got '" + via + "'");
        }
        GcsBenchResult r;
        try (BenchGrid grid = BenchGrid.start(nodes, bench.netThreads)) {
            r = new GcsWorkload(bench.ops, bench.threads, groups, warmup).run(grid, via.equals("leader"));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (bench.json) {
            out.println(Json.line(r));
        } else {
            out.printf("%s: %s; load average %.2f before, %.2f after; replicas agree: %s%n", r.system(), r.setup(),
                    r.loadAverageBefore(), r.loadAverageAfter(), r.replicasAgree());
            for (PhaseResult p : r.phases()) {
                out.printf("  %-20s %5d thread%s  %9.0f commits/s  p50 %7.0f us  p99 %7.0f us  errors %d%n", p.op(),
                        p.threads(), p.threads() == 1 ? " " : "s", p.opsPerSec(), p.p50Us(), p.p99Us(), p.errors());
            }
        }
        out.flush();
        return r.replicasAgree() ? 0 : 1;
    }
}
