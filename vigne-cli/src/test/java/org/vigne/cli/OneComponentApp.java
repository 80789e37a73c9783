package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.node.DataDir;

/**
 * An application of one component, a class of these tests run by a JVM with the tests' class
 * path under the {@code checkpoint-restart} policy ({@code scope: application}), for the
 * multi-process tests that kill its node and read what its last incarnation wrote.
 */
final class OneComponentApp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OneComponentApp() {
    }

    /** Submits {@code main} with {@code args} as application {@code name}, its output {@code out.txt}; answers its id. */
    static String submit(ControlClient client, String name, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        String spec = JSON.writeValueAsString(Map.of("name", name,
                "components", List.of(Map.of("name", "main", "command", command, "outputs", List.of("out.txt"))),
                "policy", Map.of("type", "checkpoint-restart", "scope", "application", "maxRestarts", 3)));
        ControlClient.Response r = client.send("POST", "/apps",
                JSON.writeValueAsBytes(Map.of("file", name + ".json", "spec", spec, "inputs", Map.of())));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** The status of the application's component. */
    static JsonNode component(JsonNode status) {
        return status.path("components").get(0);
    }

    static Optional<JsonNode> status(ControlClient c, String id) {
        return c.poll("/apps/" + id);
    }

    /**
     * Kills -9 the node that runs the component, waits (up to 180 s) for the application to
     * complete elsewhere, and answers what its last incarnation wrote in {@code out.txt}.
     */
    static String killHostThenOutput(List<NodeProcess> nodes, ControlClient client, String id) throws Exception {
        String address = component(status(client, id).orElseThrow()).path("node").asText();
        NodeProcess victim = nodes.stream().filter(n -> n.listen().toString().equals(address)).findFirst().orElseThrow();
        ControlClient asker = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow().client().orElseThrow();
        List<ProcessHandle> components = componentProcesses(victim);
        assertThat(components).as("the component's processes on " + address).isNotEmpty();
        victim.kill();
        long killed = System.nanoTime();
        System.out.println("killed -9 the node of " + id + ": " + address);
        Poll.until("the component's processes die with their node " + components, Duration.ofSeconds(20),
                () -> components.stream().noneMatch(OneComponentApp::running));
        System.out.printf("the component's %d processes died %d ms after their node%n", components.size(),
                (System.nanoTime() - killed) / 1_000_000);
        Poll.until(id + " completes", Duration.ofSeconds(180), () -> status(asker, id)
                .map(s -> s.path("state").asText().equals("COMPLETED")).orElse(false));
        String text = output(asker, id);
        System.out.println("outputs of the last incarnation:\n" + text);
        return text;
    }

    /** The processes of the components {@code node} runs, from their sandboxes' pid files, with their descendants. */
    static List<ProcessHandle> componentProcesses(NodeProcess node) throws IOException {
        Path sandboxes = node.dataDir().resolve(DataDir.SANDBOXES);
        List<ProcessHandle> out = new ArrayList<>();
        try (Stream<Path> files = Files.find(sandboxes, 3, (p, a) -> p.getFileName().toString().equals("pid"))) {
            for (Path f : files.toList()) {
                long pid = Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim().split(" ")[0]);
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
                    out.add(h);
                    h.descendants().forEach(out::add);
                });
            }
        }
        return out;
    }

    /**
     * Whether {@code h} still runs: killed, a process stays a zombie until its new parent (here the
     * machine's init, which may take a second) reaps it, and a zombie does nothing.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return h.isAlive();
        }
    }

    /** What the last incarnation wrote in {@code out.txt}. */
    static String output(ControlClient client, String id) throws IOException {
        JsonNode out = JSON.readTree(client.send("GET", "/apps/" + id + "/output", null).body());
        return new String(Base64.getDecoder().decode(out.path("0").path("out.txt").asText()), StandardCharsets.UTF_8);
    }
}
