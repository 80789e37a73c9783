package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigne demo}: the self-healing of an application on a real local grid, in one command. It
 * starts node processes, submits the self-checkpointing example ({@code examples/checkpoint}),
 * kills with kill -9 the node process running its component once a checkpoint is committed, and
 * prints the manager's timeline (placed, checkpointed, killed, suspected, restarted from
 * checkpoint K on another node, completed) and the output, which shows where the count resumed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local grid of node processes, run the checkpointing example, kill -9 the node running it,"
                + " and print what the application manager did.")
final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "node processes (3 or more; default 5)")
    int nodeCount;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "node i listens on P+2i, its control API on P+2i+1 (default: free ports)")
    int port;

    @Option(names = "--example", paramLabel = "DIR", description = "the checkpoint example (default: examples/checkpoint"
            + " of this source tree)")
    Path example;

    @Option(names = "--dir", paramLabel = "DIR", description = "data directories of the nodes (default: a temporary"
            + " directory, removed at the end)")
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (nodeCount < 3) {
            throw new CliFailure("--nodes must be at least 3 (one is killed), got " + nodeCount);
        }
        Path ex = example != null ? example : findExample();
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("vigne-demo") : dir;
        try {
            return run(ex, root);
        } finally {
            nodes.forEach(NodeProcess::close);
            if (temporary) {
                deleteTree(root);
            }
        }
    }

    private int run(Path ex, Path root) throws Exception {
        long t0 = System.nanoTime();
        say("starting %d node processes under %s", nodeCount, root);
        startGrid(root);
        say("grid ready in %.1f s", (System.nanoTime() - t0) / 1e9);
        ControlClient client = nodes.get(0).client().orElseThrow();
        String id = submit(client, ex);
        say("submitted %s (%s): a counter that saves its count and exits with code 85 every few steps", id,
                ex.resolve("count.yaml"));
        JsonNode before = await(client, id, "the counter runs with a committed checkpoint", 120,
                s -> component(s).path("checkpoints").asInt() > 0 && component(s).path("phase").asText().equals("RUNNING"));
        String victimAddress = component(before).path("node").asText();
        NodeProcess victim = nodes.stream().filter(n -> n.listen().toString().equals(victimAddress)).findFirst()
                .orElseThrow(() -> new CliFailure("the counter runs on " + victimAddress + ", which is not a demo node"));
        ControlClient asker = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow().client().orElseThrow();
        long killedAtMs = System.currentTimeMillis();
        victim.kill();
        say("kill -9 of node %s (pid %d), which runs the counter; last committed checkpoint %s", victimAddress,
                victim.pid(), component(before).path("lastCheckpoint").asText());
        await(asker, id, "the counter runs on another node", 60,
                s -> !component(s).path("node").asText().equals(victimAddress)
                        && component(s).path("phase").asText().equals("RUNNING"));
        say("running again on another node %.1f s after the kill", (System.currentTimeMillis() - killedAtMs) / 1000.0);
        JsonNode done = await(asker, id, "the application completes", 180,
                s -> isFinal(s.path("state").asText()));
        JsonNode events = JSON.readTree(asker.send("GET", "/apps/" + id + "/events", null).body());
        out.println();
        out.println("Timeline (seconds since submission; the manager's events, and the kill):");
        out.print(DemoTimeline.format(events, killedAtMs, victimAddress, victim.pid()));
        out.println();
        printOutput(asker, id);
        out.flush();
        return done.path("state").asText().equals("COMPLETED") ? 0 : 1;
    }

    private void startGrid(Path root) throws IOException, InterruptedException {
        Path secret = root.resolve("secret");
        SecretFile.create(secret);
        List<Integer> ports = port == 0 ? FreePorts.take(2 * nodeCount) : consecutive(port, 2 * nodeCount);
        HostPort first = new HostPort("127.0.0.1", ports.get(0));
        for (int i = 0; i < nodeCount; i++) {
            NodeProcess p = NodeProcess.launch(new HostPort("127.0.0.1", ports.get(2 * i)),
                    new HostPort("127.0.0.1", ports.get(2 * i + 1)), i == 0 ? List.of() : List.of(first), secret,
                    root.resolve("node-" + i));
            nodes.add(p);
            if (i == 0) {
                waitFor("the first node to start the grid (see " + p.logFile() + ")", 60,
                        () -> p.view().map(v -> v.path("state").asText().equals("JOINED")).orElse(false));
            }
        }
        waitFor("the nodes to see each other", 120, () -> NodeProcess.leafSetsExact(nodes));
    }

    private static List<Integer> consecutive(int from, int n) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(from + i);
        }
        return ports;
    }

    private static String submit(ControlClient client, Path ex) throws IOException {
        String spec = Files.readString(ex.resolve("count.yaml"));
        String script = Base64.getEncoder().encodeToString(Files.readAllBytes(ex.resolve("count.sh")));
        ControlClient.Response r = client.send("POST", "/apps", JSON.writeValueAsBytes(
                Map.of("file", "count.yaml", "spec", spec, "inputs", Map.of("count.sh", script))));
        if (r.status() != 200) {
            throw client.failure(r);
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    private void printOutput(ControlClient asker, String id) {
        JsonNode output = asker.getJson("/apps/" + id + "/output");
        String count = output.path("0").path("count.txt").asText();
        if (count.isEmpty()) {
            out.println("no output was committed");
            return;
        }
        out.println("Output (count.txt: the final count, then each start on the node that finished;"
                + " a start above 0 resumed from a checkpoint):");
        new String(Base64.getDecoder().decode(count), StandardCharsets.UTF_8).lines().forEach(l -> out.println("  " + l));
    }

    private JsonNode await(ControlClient c, String id, String what, int seconds, Predicate<JsonNode> condition)
            throws InterruptedException {
        JsonNode[] last = {null};
        waitFor(what, seconds, () -> {
            Optional<JsonNode> s = c.poll("/apps/" + id);
            s.ifPresent(v -> last[0] = v);
            return s.map(condition::test).orElse(false);
        });
        return last[0];
    }

    private static void waitFor(String what, int seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CliFailure("demo: gave up waiting for " + what + " after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    private static boolean isFinal(String state) {
        try {
            return org.vigne.apps.manager.AppState.valueOf(state).isFinal();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode component(JsonNode status) {
        return status.path("components").path(0);
    }

    private void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }

    /** examples/checkpoint above the running jar (the source tree it was built in), or above the working directory. */
    static Path findExample() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // No code source: only the working directory is searched.
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path p : starts) {
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("examples/checkpoint/count.yaml"))) {
                    return d.resolve("examples/checkpoint");
                }
            }
        }
        throw new CliFailure("cannot find examples/checkpoint (give it with --example DIR)");
    }

    private static void deleteTree(Path root) {
        try (var all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
