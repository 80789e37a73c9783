package org.vigne.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.vigne.cli.ControlClient;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.SecretFile;

/**
 * Measures self-healing on real processes: {@code vigne node} JVMs on loopback, keys written with
 * r = 3 through the control API, then kill -9 of one node, and later of two of the five left. For
 * each round: time until every live node's leaf set is exactly the live ring, time until every key
 * is back on three live nodes, and keys lost or unreadable. Prints one JSON object.
 *
 * <pre>
 * mvn -q -pl vigne-bench exec:exec@kill
 * </pre>
 * It must run in a JVM started with the real class path (not {@code exec:java}), which the node
 * processes it starts inherit.
 */
public final class KillRecovery {
    private static final long LIMIT_MS = 60_000;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final int keys;

    private KillRecovery(int keys) {
        this.keys = keys;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = DhtVersusHazelcast.options(args);
        int processes = Integer.parseInt(opts.getOrDefault("--processes", "6"));
        KillRecovery k = new KillRecovery(Integer.parseInt(opts.getOrDefault("--keys", "200")));
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("processes", processes);
            out.put("keys", k.keys);
            out.put("replicas", 3);
            out.put("formedMs", k.form(processes, Files.createTempDirectory("vigne-kill")));
            k.putKeys();
            out.put("killOne", k.round(List.of(processes - 1)));
            out.put("killTwoOfFive", k.round(List.of(1, 3)));
        } finally {
            for (NodeProcess n : k.nodes) {
                n.close();
            }
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        System.exit(0);
    }

    private long form(int n, Path dir) throws IOException {
        long t0 = System.nanoTime();
        Path secret = dir.resolve("secret");
        SecretFile.create(secret);
        int[] ports = freePorts(2 * n);
        HostPort first = new HostPort("127.0.0.1", ports[0]);
        for (int i = 0; i < n; i++) {
            nodes.add(NodeProcess.launch(new HostPort("127.0.0.1", ports[2 * i]), new HostPort("127.0.0.1", ports[2 * i + 1]),
                    i == 0 ? List.of() : List.of(first), secret, dir.resolve("node-" + i)));
            if (i == 0) {
                await("node 0 up", () -> nodes.get(0).view().isPresent());
            }
        }
        await("leaf sets complete", () -> NodeProcess.leafSetsExact(nodes));
        for (NodeProcess p : nodes) {
            ids.add(p.view().orElseThrow().path("id").asText());
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void putKeys() {
        ControlClient c = nodes.get(0).client().orElseThrow();
        for (int k = 0; k < keys; k++) {
            ControlClient.Response r = c.send("PUT", ControlClient.dhtPath("default", "key-" + k), value(k));
            if (r.status() != 200) {
                throw new IllegalStateException("put key-" + k + " failed: " + r.text());
            }
        }
    }

    private Map<String, Object> round(List<Integer> victims) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int v : victims) {
            nodes.get(v).kill();
        }
        long killedMs = (System.nanoTime() - t0) / 1_000_000;
        List<NodeProcess> live = nodes.stream().filter(NodeProcess::alive).toList();
        Long leafMs = null;
        Long replicaMs = null;
        while ((leafMs == null || replicaMs == null) && (System.nanoTime() - t0) / 1_000_000 < LIMIT_MS) {
            long now = (System.nanoTime() - t0) / 1_000_000;
            if (leafMs == null && NodeProcess.leafSetsExact(live)) {
                leafMs = now;
            }
            if (replicaMs == null && minLiveReplicas(live) >= 3) {
                replicaMs = now;
            }
            LockSupport.parkNanos(5_000_000L);
        }
        int lost = 0;
        for (int k = 0; k < keys; k++) {
            ControlClient.Response r = live.get(k % live.size()).client().orElseThrow()
                    .send("GET", ControlClient.dhtPath("default", "key-" + k), null);
            if (r.status() != 200 || !Arrays.equals(r.body(), value(k))) {
                lost++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("killed", victims.size());
        m.put("live", live.size());
        m.put("killTookMs", killedMs);
        m.put("leafSetsRepairedMs", leafMs);
        m.put("everyKeyOnThreeLiveNodesMs", replicaMs);
        m.put("keysLostOrUnreadable", lost);
        return m;
    }

    /** Fewest live copies of any key (each live node reports the versions it stores). */
    private int minLiveReplicas(List<NodeProcess> live) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            names.add("key-" + k);
        }
        return NodeProcess.copiesPerKey(live, "default", names).map(c -> Arrays.stream(c).min().orElse(0)).orElse(0);
    }

    private static byte[] value(int k) {
        return ("value of key " + k).getBytes(StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier c) {
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                open.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
    }
}
