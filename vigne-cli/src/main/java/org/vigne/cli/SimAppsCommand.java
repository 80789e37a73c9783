package org.vigne.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigne.sim.apps.AppsExperiment;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne sim apps}: applications run to completion by replicated managers under churn. */
@Command(name = "apps", mixinStandardHelpOptions = true,
        description = "Build a ring of N nodes, submit applications of modelled components under churn, stop churn after"
                + " --duration and wait until every application has finished.")
final class SimAppsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RingOptions ring;

    @Option(names = "--apps", description = "applications submitted (default ${DEFAULT-VALUE})", defaultValue = "100")
    int apps;

    @Option(names = "--components", description = "components per application (default ${DEFAULT-VALUE})", defaultValue = "4")
    int components;

    @Option(names = "--work", description = "work per component at speed 1 (default ${DEFAULT-VALUE})", defaultValue = "30m",
            converter = DurationConverter.class)
    long workMs;

    @Option(names = "--policy", description = "none, restart or checkpoint-restart (default ${DEFAULT-VALUE})",
            defaultValue = "restart")
    String policy;

    @Option(names = "--checkpoint-every", description = "work between checkpoints with checkpoint-restart (default ${DEFAULT-VALUE})",
            defaultValue = "5m", converter = DurationConverter.class)
    long checkpointEveryMs;

    @Option(names = "--arrivals", description = "applications submitted per simulated minute (default ${DEFAULT-VALUE})",
            defaultValue = "5")
    double arrivals;

    @Option(names = "--slots", description = "slots every node offers (default ${DEFAULT-VALUE})", defaultValue = "2")
    int slots;

    @Option(names = "--max-restarts", description = "restarts after a component's own failures (default ${DEFAULT-VALUE})",
            defaultValue = "3")
    int maxRestarts;

    @Option(names = "--backoff", description = "first restart backoff after a component's own failure (default ${DEFAULT-VALUE})",
            defaultValue = "1s", converter = DurationConverter.class)
    long backoffMs;

    @Option(names = "--drain", description = "longest wait after churn stops for every application to finish (default ${DEFAULT-VALUE})",
            defaultValue = "2h", converter = DurationConverter.class)
    long drainMs;

    @Option(names = "--events", description = "write every instance's start, checkpoint, exit and kill, and every committed"
            + " completion, to FILE as JSON lines")
    Path events;

    @Override
    public Integer call() {
        ChurnModel.parse(ring.churn);
        AppsExperiment.Config config = new AppsExperiment.Config(ring.nodes, ring.durationMs, ring.churn, ring.loss,
                ring.seed, ring.leafSet, ring.leaveFraction, apps, components, workMs, policy, checkpointEveryMs, arrivals,
                slots, maxRestarts, backoffMs, drainMs);
        AppsExperiment.Result r = new AppsExperiment(config, new Progress(System.err, 5000), events).run();
        PrintWriter out = spec.commandLine().getOut();
        if (ring.json) {
            out.println(Json.line(r));
        } else {
            out.printf("apps: %d nodes, churn %s, loss %.3f, seed %d; %d applications of %d x %.0f min, policy %s%s%n",
                    r.nodes(), r.churn(), r.loss(), r.seed(), r.apps(), r.components(), r.workMinutes(), r.policy(),
                    r.converged() ? "" : " -- ring NOT converged");
            out.printf("  submitted %d: completed %d, failed %d, killed %d, unfinished %d, lost %d%n", r.appsSubmitted(),
                    r.appsCompleted(), r.appsFailed(), r.appsKilled(), r.appsUnfinished(), r.appsLost());
            out.printf("  restarts %d, duplicate completions %d, wasted work %.3f, mean makespan %.1f min%n", r.restarts(),
                    r.duplicateCompletions(), r.wastedWorkFraction(), r.meanMakespanMinutes());
            out.printf("  restart delay median %.0f ms, p99 %.0f ms (%d host losses); manager failovers %d, rebuilds %d%n",
                    r.medianRestartDelayMs(), r.p99RestartDelayMs(), r.restartDelaySamples(), r.managerFailovers(),
                    r.managerRebuilds());
            out.printf("  violations %d%s; joins %d, crashes %d, leaves %d; %.0f simulated s (%.0f draining), %.1f s wall%n",
                    r.violations(), r.violations() == 0 ? "" : " " + r.violationsDescribed(), r.joins(), r.crashes(),
                    r.leaves(), r.simulatedSeconds(), r.drainSeconds(), r.wallSeconds());
        }
        out.flush();
        return r.violations() == 0 ? 0 : 1;
    }
}
