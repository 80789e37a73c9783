package org.vigne.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.vigne.cli.CliFailure;
import org.vigne.cli.ControlClient;

/**
 * Runs the counter application ({@link CounterComponent}) on a grid through a node's control API
 * and adds up what its components saw: acknowledged increments, the final value, compare-and-set
 * and read latencies. Each component asks for every slot of a node ({@code slotsPerComponent}),
 * so each runs on a node of its own.
 */
public final class CounterRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int components;
    private final int increments;
    private final int reads;
    private final int slotsPerComponent;
    private final String protocol;

    public CounterRun(int components, int increments, int reads, int slotsPerComponent, String protocol) {
        this.components = components;
        this.increments = increments;
        this.reads = reads;
        this.slotsPerComponent = slotsPerComponent;
        this.protocol = protocol;
    }

    /** The spec, as JSON: {@code components} copies of the component main on this JVM's class path. */
    String spec() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), CounterComponent.class.getName(),
                Integer.toString(increments), Integer.toString(components), Integer.toString(reads));
        Map<String, Object> template = Map.of("command", command, "outputs", List.of("out.txt"), "slots", slotsPerComponent);
        try {
            return JSON.writeValueAsString(Map.of("name", "counter", "components",
                    Map.of("count", components, "template", template), "policy", Map.of("type", "none"),
                    "dataProtocol", protocol));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Submits the application through {@code client}; answers its id. */
    public String submit(ControlClient client) {
        try {
            ControlClient.Response r = client.send("POST", "/apps",
                    JSON.writeValueAsBytes(Map.of("file", "counter.json", "spec", spec(), "inputs", Map.of())));
            if (r.status() != 200) {
                throw client.failure(r);
            }
            return JSON.readTree(r.body()).path("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code id} reaches a final state (polling every 200 ms, at most {@code timeoutMs}); answers that state. */
    public static String awaitEnd(ControlClient client, String id, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                ControlClient.Response r = client.send("GET", "/apps/" + id, null);
                if (r.status() == 200) {
                    String state = JSON.readTree(r.body()).path("state").asText();
                    if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("KILLED")) {
                        return state;
                    }
                }
            } catch (CliFailure | java.io.IOException e) {
                // The node is busy or restarting: ask again.
            }
            Thread.sleep(200);
        }
        throw new CliFailure("application " + id + " did not end within " + timeoutMs + " ms");
    }

    /** What the components of a completed run saw, from their committed outputs. */
    public CounterResult collect(ControlClient client, String id) {
        ControlClient.Response r = client.send("GET", "/apps/" + id + "/output", null);
        if (r.status() != 200) {
            throw client.failure(r);
        }
        JsonNode out;
        try {
            out = JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new CliFailure("unreadable outputs of " + id + ": " + e.getMessage());
        }
        long acked = 0;
        long failed = 0;
        List<Long> finals = new ArrayList<>();
        long slowestNanos = 0;
        Latencies cas = new Latencies(components * increments);
        Latencies read = new Latencies(components * reads);
        for (int c = 0; c < components; c++) {
            String text = new String(Base64.getDecoder().decode(out.path(Integer.toString(c)).path("out.txt").asText()),
                    StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                String[] f = line.trim().split(" ");
                switch (f[0]) {
                    case "acked" -> acked += Long.parseLong(f[1]);
                    case "failed" -> failed += Long.parseLong(f[1]);
                    case "final" -> finals.add(Long.parseLong(f[1]));
                    case "elapsedNanos" -> slowestNanos = Math.max(slowestNanos, Long.parseLong(f[1]));
                    case "cas" -> addAll(cas, f);
                    case "read" -> addAll(read, f);
                    default -> { }
                }
            }
        }
        if (finals.size() != components) {
            throw new CliFailure("only " + finals.size() + " of " + components + " components reported (outputs of " + id + ")");
        }
        long[] casSorted = Latencies.merged(List.of(cas));
        long[] readSorted = Latencies.merged(List.of(read));
        double seconds = slowestNanos / 1e9;
        return new CounterResult(protocol, components, increments, acked, failed, finals.get(0),
                finals.stream().allMatch(v -> v.equals(finals.get(0))), finals, seconds > 0 ? acked / seconds : 0, seconds,
                Latencies.quantileUs(casSorted, 0.5), Latencies.quantileUs(casSorted, 0.99),
                readSorted.length, Latencies.quantileUs(readSorted, 0.5), Latencies.quantileUs(readSorted, 0.99));
    }

    private static void addAll(Latencies l, String[] fields) {
        for (int i = 1; i < fields.length; i++) {
            l.add(Long.parseLong(fields[i]));
        }
    }
}
