package org.vigne.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.vigne.cli.ControlClient;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.HostPort;

/**
 * A {@code vigne node} running in a child JVM on this machine, started with this JVM's class path,
 * for multi-process tests and churn measurements: it can be stopped (SIGTERM: graceful leave) or
 * killed (kill -9), and reached through its control API.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final HostPort listen;
    private final HostPort control;
    private final Path dataDir;
    private final Path log;
    private ControlClient client;

    private NodeProcess(Process process, HostPort listen, HostPort control, Path dataDir, Path log) {
        this.process = process;
        this.listen = listen;
        this.control = control;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** A node's JVM options by default: small and quick to start. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /**
     * Starts {@code vigne node} listening on {@code listen}, control API on {@code control}, joining
     * through {@code join} (none: a new grid); its output goes to {@code dataDir/node.log}.
     */
    public static NodeProcess launch(HostPort listen, HostPort control, List<HostPort> join, Path secretFile,
                                     Path dataDir) {
        return launch(DEFAULT_JVM_OPTIONS, listen, control, join, secretFile,
                dataDir);
    }

    /** {@link #launch(HostPort, HostPort, List, Path, Path)} in a JVM started with {@code jvmOptions}. */
    public static NodeProcess launch(List<String> jvmOptions, HostPort listen, HostPort control, List<HostPort> join,
                                     Path secretFile, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("node.log");
            List<String> cmd = new ArrayList<>();
            cmd.add(javaBinary());
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.vigne.cli.Main", "node",
                    "--listen", listen.toString(), "--control", control.toString(), "--secret-file", secretFile.toString(),
                    "--data-dir", dataDir.toString()));
            if (!join.isEmpty()) {
                cmd.add("--join");
                cmd.add(join.stream().map(HostPort::toString).collect(Collectors.joining(",")));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new NodeProcess(p, listen, control, dataDir, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a vigne node process", e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public HostPort listen() {
        return listen;
    }

    public HostPort controlAddress() {
        return control;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The operating system's id of the node's process. */
    public long pid() {
        return process.pid();
    }

    /** Where the node's output goes. */
    public Path logFile() {
        return log;
    }

    /** The control client, once the node has written its token; empty before. */
    public Optional<ControlClient> client() {
        if (client == null) {
            Optional<String> token = DataDir.readControlToken(dataDir);
            token.ifPresent(t -> client = new ControlClient(control, t, dataDir.resolve(DataDir.CONTROL_TOKEN).toString()));
        }
        return Optional.ofNullable(client);
    }

    /** This node's {@code GET /nodes} view, or empty while it cannot answer. */
    public Optional<JsonNode> view() {
        try {
            return client().map(c -> c.getJson("/nodes"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The node's data dir ({@code --data-dir}): its identity, its token, its components' sandboxes. */
    public Path dataDir() {
        return dataDir;
    }

    /** kill -9: the node stops at once, telling no one. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * kill -STOP: the process freezes with its sockets open, so its peers see silence (their
     * frames are accepted by the kernel, no connection is reset), as with a hung machine or a
     * network that drops packets. {@link #kill()} still ends it.
     */
    public void pause() throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-STOP", Long.toString(pid())).redirectErrorStream(true).start();
        if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IllegalStateException("kill -STOP " + pid() + " failed: " + new String(k.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip());
        }
    }

    /** SIGTERM: the node leaves gracefully, then exits. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** What the node printed and logged so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How many nodes of {@code group} store a copy of each of {@code keys} in DHT {@code dht} (each
     * node reports the version it holds through {@code POST /dht/NAME}), in the order of
     * {@code keys}; empty while some node cannot answer.
     */
    public static Optional<int[]> copiesPerKey(List<NodeProcess> group, String dht, List<String> keys) {
        int[] copies = new int[keys.size()];
        byte[] body = keys.stream().map(k -> k + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
        for (NodeProcess n : group) {
            Optional<ControlClient> c = n.client();
            if (c.isEmpty()) {
                return Optional.empty();
            }
            JsonNode versions;
            try {
                ControlClient.Response r = c.get().send("POST", "/dht/" + dht, body);
                if (r.status() != 200) {
                    return Optional.empty();
                }
                versions = new ObjectMapper().readTree(r.body()).path("versions");
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            for (int k = 0; k < copies.length; k++) {
                if (versions.path(k).asLong() > 0) {
                    copies[k]++;
                }
            }
        }
        return Optional.of(copies);
    }

    /** True when every node's leaf set is exactly the other nodes of {@code group} (small rings). */
    public static boolean leafSetsExact(List<NodeProcess> group) {
        Set<String> all = new HashSet<>();
        List<JsonNode> views = new ArrayList<>();
        for (NodeProcess n : group) {
            JsonNode v = n.view().orElse(null);
            if (v == null) {
                return false;
            }
            views.add(v);
            all.add(v.path("id").asText());
        }
        for (JsonNode v : views) {
            Set<String> leaves = new HashSet<>();
            v.path("leafSet").forEach(x -> leaves.add(x.path("id").asText()));
            Set<String> others = new HashSet<>(all);
            others.remove(v.path("id").asText());
            if (!leaves.equals(others)) {
                return false;
            }
        }
        return true;
    }
}
