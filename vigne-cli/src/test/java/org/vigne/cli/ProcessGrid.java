package org.vigne.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.SecretFile;

/** Starts a grid of real {@code vigne node} processes on free loopback ports, for multi-process tests. */
final class ProcessGrid {
    private ProcessGrid() {
    }

    /**
     * Starts {@code n} nodes under {@code dir} (a new secret, node i in {@code dir/node-i}), the
     * first creating the ring and the others joining through it, and waits up to
     * {@code convergence} until all see each other in their leaf sets. Nodes are added to
     * {@code into} as they start, so the caller can close them even when this fails.
     */
    static void start(Path dir, int n, Duration convergence, List<NodeProcess> into) throws IOException {
        Path secret = dir.resolve("secret");
        SecretFile.create(secret);
        List<Integer> ports = FreePorts.take(2 * n);
        HostPort first = new HostPort("127.0.0.1", ports.get(0));
        List<NodeProcess> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeProcess p = NodeProcess.launch(new HostPort("127.0.0.1", ports.get(2 * i)),
                    new HostPort("127.0.0.1", ports.get(2 * i + 1)), i == 0 ? List.of() : List.of(first), secret,
                    dir.resolve("node-" + i));
            into.add(p);
            started.add(p);
            if (i == 0) {
                Poll.until("the first node creates the ring (its output is in " + p.logFile() + ")",
                        Duration.ofSeconds(60),
                        () -> p.view().map(v -> v.path("state").asText().equals("JOINED")).orElse(false));
            }
        }
        Poll.until("all nodes see each other in their leaf sets", convergence, () -> NodeProcess.leafSetsExact(started));
    }
}
