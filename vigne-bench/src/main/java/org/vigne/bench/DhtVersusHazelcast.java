package org.vigne.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.cli.bench.DhtWorkload;
import org.vigne.cli.bench.KeyValueStore;
import org.vigne.cli.bench.VigneStore;
import org.vigne.cli.bench.WorkloadResult;

/**
 * Runs the {@code vigne bench dht} workload against Vigne's DHT and against Hazelcast's IMap in
 * the same JVM and prints both results side by side as one JSON object.
 *
 * <pre>
 * mvn -q -pl vigne-bench exec:exec@versus      (forked JVM: a fixed, pre-touched heap, the module access Hazelcast wants)
 * mvn -q -pl vigne-bench exec:java -Dexec.args="--nodes 8 --ops 20000 --value-bytes 100 --net-threads 0 --hazelcast-port 5701"
 * </pre>
 *
 * <p>The second runs in Maven's own JVM, whose heap grows as the phases run: a phase that first
 * touches new heap pages runs slower, so its figures are not comparable with the first's.
 */
public final class DhtVersusHazelcast {
    private DhtVersusHazelcast() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int nodes = Integer.parseInt(opts.getOrDefault("--nodes", "8"));
        int ops = Integer.parseInt(opts.getOrDefault("--ops", "20000"));
        int valueBytes = Integer.parseInt(opts.getOrDefault("--value-bytes", "100"));
        int netThreads = Integer.parseInt(opts.getOrDefault("--net-threads", "0"));
        int hazelcastPort = Integer.parseInt(opts.getOrDefault("--hazelcast-port", "5701"));
        DhtWorkload workload = new DhtWorkload(ops, valueBytes, List.of(1, 8), Math.min(ops, 5000));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes);
        out.put("ops", ops);
        out.put("valueBytes", valueBytes);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        try (KeyValueStore vigne = VigneStore.start(nodes, netThreads)) {
            WorkloadResult r = workload.run(vigne);
            System.err.println(summary(r));
            out.put("vigne", r);
        }
        try (KeyValueStore hz = HazelcastStore.start(nodes, hazelcastPort)) {
            WorkloadResult r = workload.run(hz);
            System.err.println(summary(r));
            out.put("hazelcast", r);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        System.out.println(json.writeValueAsString(out));
        System.out.flush();
        System.exit(0);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i], args[i + 1]);
        }
        return m;
    }

    /** The phases of one system, for a one-line summary. */
    static String summary(WorkloadResult r) {
        StringBuilder sb = new StringBuilder(r.system());
        r.phases().forEach(p -> sb.append(String.format(" %s/%d %.0f ops/s p50 %.0f us p99 %.0f us cpu %.0f us/op gc %d ms;",
                p.op(), p.threads(), p.opsPerSec(), p.p50Us(), p.p99Us(), p.cpuUsPerOp(), p.gcMs())));
        return sb.toString();
    }
}
