package org.vigne.bench.attack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.SecretFile;

/**
 * The node under attack: a real {@code vigne node} process on loopback that starts a grid of its
 * own, started with the JVM options the {@code vigne} launcher uses, whose memory, log and
 * counters the attacks read.
 */
final class AttackTarget implements AutoCloseable {
    private final NodeProcess process;
    private final Path secret;

    private AttackTarget(NodeProcess process, Path secret) {
        this.process = process;
        this.secret = secret;
    }

    /** Starts the node on {@code port} (control API on {@code port + 1}) with its state under {@code dir}. */
    static AttackTarget start(Path dir, int port, List<String> jvmOptions) throws IOException {
        Files.createDirectories(dir);
        Path secret = dir.resolve("grid.secret");
        if (!Files.exists(secret)) {
            SecretFile.create(secret);
        }
        NodeProcess p = NodeProcess.launch(jvmOptions, new HostPort("127.0.0.1", port), new HostPort("127.0.0.1", port + 1),
                List.of(), secret, dir.resolve("target"));
        AttackTarget t = new AttackTarget(p, secret);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (p.view().map(v -> !v.path("state").asText().equals("JOINED")).orElse(true)) {
            if (System.nanoTime() > deadline || !p.alive()) {
                t.close();
                throw new IllegalStateException("the target node did not start; its output:\n" + p.output());
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return t;
    }

    HostPort address() {
        return process.listen();
    }

    HostPort control() {
        return process.controlAddress();
    }

    Path secretFile() {
        return secret;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.alive();
    }

    /** Lines the node has written to its output so far. */
    long logLines() throws IOException {
        try (var lines = Files.lines(process.logFile())) {
            return lines.count();
        }
    }

    /** The lines from number {@code from} (0-based) on. */
    List<String> logLinesFrom(long from) throws IOException {
        try (var lines = Files.lines(process.logFile())) {
            return lines.skip(from).toList();
        }
    }

    /** The node's transport counters ({@code GET /stats}, field {@code net}). */
    JsonNode netStats() {
        return process.client().orElseThrow().getJson("/stats").path("net");
    }

    @Override
    public void close() {
        process.close();
    }
}
