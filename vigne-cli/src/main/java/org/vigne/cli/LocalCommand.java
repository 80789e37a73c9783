package org.vigne.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigne.net.node.DhtSpec;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.LocalGrid;
import org.vigne.net.node.VigneHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne local}: a whole grid on loopback in this process, the playground for trying Vigne. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run a grid of N nodes on loopback in this process until Ctrl-C (then every node leaves gracefully).")
final class LocalCommand implements Callable<Integer> {
    private static final long JOIN_WAIT_S = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", description = "number of nodes (default ${DEFAULT-VALUE})", defaultValue = "4")
    int nodes;

    @Option(names = "--base-port", description = "node i listens on P+2i, its control API on P+2i+1 (default ${DEFAULT-VALUE})",
            defaultValue = "7400")
    int basePort;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "secret, grid file and node data dirs (default: ~/.vigne/local)")
    Path stateDir;

    @Option(names = "--dht", paramLabel = "NAME:R,...", description = "DHTs to declare besides default:3")
    String dhts;

    @Option(names = "--lease-ms", paramLabel = "MS", description = "lease of the components' near copies of shared objects;"
            + " 0: none (default ${DEFAULT-VALUE})", defaultValue = "1500")
    long leaseMs;

    @Mixin
    DetectorOptions detector;

    @Override
    public Integer call() throws BindException {
        Path state = stateDir != null ? stateDir : VigneHome.localGridDir();
        LocalGrid grid = LocalGrid.start(new LocalGrid.Options(nodes, basePort, state, DhtSpec.withDefault(dhts),
                detector.overlay(), 0, leaseMs));
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        PrintWriter out = spec.commandLine().getOut();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping: every node leaves gracefully");
            out.flush();
            grid.close();
            stopped.complete(null);
        }, "vigne-local-stop"));
        List<GridNode> all = grid.nodes();
        List<HostPort> controls = grid.controlAddresses();
        out.printf("local grid of %d nodes on 127.0.0.1, state in %s%n", nodes, state.toAbsolutePath());
        for (int i = 0; i < all.size(); i++) {
            out.printf("  node %-3d %s  %-16s control %s%n", i, all.get(i).self().id().shortString(),
                    all.get(i).self().address(), controls.get(i));
        }
        out.flush();
        try {
            grid.allJoined().get(JOIN_WAIT_S, TimeUnit.SECONDS);
            out.printf("all %d nodes joined in %.2f s%n", nodes, grid.elapsedNanos() / 1e9);
        } catch (TimeoutException e) {
            long joined = all.stream().filter(n -> n.joined().isDone()).count();
            out.printf("only %d of %d nodes joined after %d s; still trying%n", joined, nodes, JOIN_WAIT_S);
        } catch (Exception e) {
            throw new IllegalStateException("the grid failed to start: " + e.getMessage(), e);
        }
        out.println("try:  vigne nodes");
        out.println("      vigne dht put default hello world");
        out.println("      vigne dht get default hello");
        out.println("Ctrl-C stops the grid.");
        out.flush();
        stopped.join();
        return 0;
    }
}
