package org.vigne.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.OverlayExperiment;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne sim overlay}: lookups over a Pastry/Bamboo ring under churn and loss. */
@Command(name = "overlay", mixinStandardHelpOptions = true,
        description = "Build a ring of N nodes, then route lookups to random keys under churn and loss.")
final class SimOverlayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RingOptions ring;

    @Option(names = "--lookups", description = "lookups per live node per minute (default ${DEFAULT-VALUE})", defaultValue = "1")
    double lookups;

    @Option(names = "--join-interval", paramLabel = "DURATION", converter = MicrosConverter.class,
            description = "simulated time between two joins while the ring is built: 20ms, 500us (default 20ms"
                    + " up to 10000 nodes, then the joins spread over 200 simulated seconds)")
    Long joinIntervalUs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "threads that run the nodes' events (the figures are the same for any number;"
                    + " default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        ChurnModel.parse(ring.churn);
        OverlayExperiment.Config config = new OverlayExperiment.Config(ring.nodes, ring.durationMs, ring.churn,
                lookups, ring.loss, ring.seed, ring.leafSet, ring.leaveFraction, ring.duplication, !ring.noReordering,
                joinIntervalUs != null ? joinIntervalUs : RingBuilder.autoSpacingUs(ring.nodes));
        OverlayExperiment.Result r = new OverlayExperiment(config, new Progress(System.err, 5000), threads).run();
        PrintWriter out = spec.commandLine().getOut();
        if (ring.json) {
            out.println(Json.line(r));
        } else {
            out.printf("overlay: %d nodes, churn %s, loss %.3f, seed %d, %.0f simulated seconds%n",
                    r.nodes(), r.churn(), r.loss(), r.seed(), r.simulatedSeconds());
            out.printf("  ring built and converged in %.1f simulated s (%.1f s wall)%s%n",
                    r.convergeSimSeconds(), r.convergeWallSeconds(), r.converged() ? "" : " -- NOT converged");
            out.printf("  lookups %d, delivered %d (%.5f), consistent %d (%.5f)%n", r.lookups(), r.delivered(),
                    r.deliveredRatio(), r.consistent(), r.consistency());
            out.printf("  hops mean %.2f p99 %.0f; latency mean %.0f ms p99 %.0f ms%n", r.meanHops(), r.p99Hops(),
                    r.meanLatencyMs(), r.p99LatencyMs());
            out.printf("  maintenance %.0f B/s per node; joins %d, crashes %d, leaves %d; mean live %.0f%n",
                    r.maintenanceBytesPerNodePerSec(), r.joins(), r.crashes(), r.leaves(), r.meanLiveNodes());
            out.printf("  %d events in %.1f s wall (%.0f/s), %.0fx real time after convergence, heap %.0f MiB%n",
                    r.events(), r.wallSeconds(), r.eventsPerSecond(), r.realTimeFactor(), r.heapMiB());
        }
        out.flush();
        return 0;
    }
}
