package org.vigne.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import org.vigne.cli.bench.DhtWorkload;
import org.vigne.cli.bench.PhaseResult;
import org.vigne.cli.bench.VigneStore;
import org.vigne.cli.bench.WorkloadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne bench dht}: DHT put and get throughput and latency on a local grid. */
@Command(name = "dht", mixinStandardHelpOptions = true,
        description = "Put and get throughput and latency of a local grid's DHT (r=3), with 1 then 8 client threads.")
final class BenchDhtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", description = "nodes of the grid (default ${DEFAULT-VALUE})", defaultValue = "8")
    int nodes;

    @Mixin
    BenchOptions bench;

    @Option(names = "--value-bytes", description = "size of each value (default ${DEFAULT-VALUE})", defaultValue = "100")
    int valueBytes;


    @Override
    public Integer call() throws BindException, InterruptedException {
        WorkloadResult r;
        try (VigneStore store = VigneStore.start(nodes, bench.netThreads)) {
            r = new DhtWorkload(bench.ops, valueBytes, bench.threads, Math.min(bench.ops, 5000)).run(store);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (bench.json) {
            out.println(Json.line(r));
        } else {
            out.printf("%s: %s, %d-byte values, %d ops per phase%n", r.system(), r.setup(), r.valueBytes(), r.ops());
            for (PhaseResult p : r.phases()) {
                out.printf("  %-3s %d thread%s  %9.0f ops/s  p50 %7.0f us  p99 %7.0f us  errors %d%n", p.op(), p.threads(),
                        p.threads() == 1 ? " " : "s", p.opsPerSec(), p.p50Us(), p.p99Us(), p.errors());
            }
        }
        out.flush();
        return 0;
    }
}
