package org.vigne.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vigne.data.DataConfig;
import org.vigne.net.node.LocalGrid;

/**
 * A local grid for a benchmark: nodes on free loopback ports in this process (real sockets,
 * authenticated and encrypted frames), state in a temporary directory removed on close, ready
 * once every leaf set is exact.
 */
public final class BenchGrid implements AutoCloseable {
    private final LocalGrid grid;
    private final Path stateDir;

    private BenchGrid(LocalGrid grid, Path stateDir) {
        this.grid = grid;
        this.stateDir = stateDir;
    }

    /** Starts {@code nodes} nodes with {@code netThreads} event loop threads (0: one fewer than the cores, at least one); waits until their leaf sets are exact. */
    public static BenchGrid start(int nodes, int netThreads) throws BindException {
        return start(nodes, netThreads, DataConfig.defaults().leaseMs());
    }

    /** {@link #start(int, int)} with near copies of shared objects leased for {@code leaseMs} (0: none). */
    public static BenchGrid start(int nodes, int netThreads, long leaseMs) throws BindException {
        Path state;
        try {
            state = Files.createTempDirectory("vigne-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalGrid grid = LocalGrid.start(LocalGrid.Options.of(nodes, 0, state).withNetThreads(netThreads)
                .withLeaseMs(leaseMs));
        try {
            grid.allJoined().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!grid.leafSetsConverged()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the leaf sets of the benchmark grid did not converge in 60 s");
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            grid.close();
            throw new IllegalStateException("the benchmark grid did not form: " + e, e);
        }
        return new BenchGrid(grid, state);
    }

    public LocalGrid grid() {
        return grid;
    }

    @Override
    public void close() {
        grid.close();
        try (Stream<Path> s = Files.walk(stateDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
