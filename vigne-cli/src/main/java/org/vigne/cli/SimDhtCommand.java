package org.vigne.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.DhtExperiment;
import org.vigne.sim.experiment.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne sim dht}: a replicated DHT under churn, loss and mass crashes. */
@Command(name = "dht", mixinStandardHelpOptions = true,
        description = "Build a ring of N nodes, put K keys into a DHT of degree R, then run gets and updates under churn.")
final class SimDhtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RingOptions ring;

    @Option(names = "--keys", description = "keys put once the ring has converged (default ${DEFAULT-VALUE})", defaultValue = "10000")
    int keys;

    @Option(names = "--replicas", description = "replication degree r of the DHT (default ${DEFAULT-VALUE})", defaultValue = "3")
    int replicas;

    @Option(names = "--value-bytes", description = "size of every value (default ${DEFAULT-VALUE})", defaultValue = "100")
    int valueBytes;

    @Option(names = "--ops", description = "gets and updates per live node per minute, half each (default ${DEFAULT-VALUE})",
            defaultValue = "2")
    double ops;

    @Option(names = "--kill-fraction", description = "fraction of the nodes crashed at once at --kill-at (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    double killFraction;

    @Option(names = "--kill-at", description = "simulated time after the keys are in when the mass crash happens (default ${DEFAULT-VALUE})",
            defaultValue = "1m", converter = DurationConverter.class)
    long killAtMs;

    @Option(names = "--anti-entropy", description = "anti-entropy period, also the DHT's neighbour heartbeat (default ${DEFAULT-VALUE})",
            defaultValue = "10s", converter = DurationConverter.class)
    long antiEntropyMs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "threads that run the nodes' events (the figures are the same for any number;"
                    + " default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        ChurnModel.parse(ring.churn);
        DhtExperiment.Config config = new DhtExperiment.Config(ring.nodes, ring.durationMs, ring.churn, ring.loss,
                ring.seed, keys, replicas, valueBytes, ops, killFraction, killAtMs, ring.leafSet, ring.leaveFraction,
                antiEntropyMs, ring.duplication, !ring.noReordering);
        DhtExperiment.Result r = new DhtExperiment(config, new Progress(System.err, 5000), threads).run();
        PrintWriter out = spec.commandLine().getOut();
        if (ring.json) {
            out.println(Json.line(r));
        } else {
            out.printf("dht: %d nodes, churn %s, loss %.3f, seed %d, %d keys, r = %d, %.0f simulated seconds%s%n",
                    r.nodes(), r.churn(), r.loss(), r.seed(), r.keys(), r.replicas(), r.simulatedSeconds(),
                    r.converged() ? "" : " -- ring NOT converged");
            out.printf("  keys acknowledged %d; at the end lost %d, under-replicated %d%s%n", r.keysAcked(),
                    r.keysLost(), r.underReplicatedAtEnd(), r.killed() > 0 ? " (" + r.killed() + " nodes killed at once)" : "");
            out.printf("  puts %d, acknowledged %d, conflicts %d%n", r.puts(), r.putsAcked(), r.conflicts());
            out.printf("  gets %d, latest %d (%.5f), stale %d, failed %d; latency mean %.0f ms p99 %.0f ms%n", r.gets(),
                    r.getsLatest(), r.getsLatestRatio(), r.getsStale(), r.getsFailed(), r.meanGetLatencyMs(),
                    r.p99GetLatencyMs());
            out.printf("  repair %.0f B/s per node, client %.0f B/s per node; joins %d, crashes %d, leaves %d; mean live %.0f%n",
                    r.repairBytesPerNodePerSec(), r.clientBytesPerNodePerSec(), r.joins(), r.crashes(), r.leaves(),
                    r.meanLiveNodes());
            out.printf("  max pending per node %d, max event queue %d; %d events in %.1f s wall%n", r.maxPendingPerNode(),
                    r.maxEventQueue(), r.events(), r.wallSeconds());
        }
        out.flush();
        return 0;
    }
}
