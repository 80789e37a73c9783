package org.vigne.cli.bench;

import java.net.BindException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigne.core.Id;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtService;
import org.vigne.net.node.DhtClient;
import org.vigne.net.node.GridNode;

/**
 * Vigne under benchmark: a local grid on loopback in this process (real sockets, authenticated and
 * encrypted frames), called through node 0 with an in-process client that submits each operation
 * on node 0's event loop and waits on its future, as an embedded Hazelcast member 0 is called.
 *
 * <p>Measures the steady state, as Hazelcast's side waits for its partitions to be safe: after the
 * leaf sets converge it waits until every root has its ranges confirmed by the nodes that share
 * them ({@link DhtService#rangesConfirmed}), one or two anti-entropy rounds. Until then a put of a
 * fresh key first asks the other replicas for its version, a round trip more.
 */
public final class VigneStore implements KeyValueStore {
    private static final String DHT = "default";
    private static final long STEADY_WAIT_MS = 60_000;

    private final BenchGrid grid;
    private final DhtClient client;
    private final int nodes;
    private final String steady;

    private VigneStore(BenchGrid grid, int nodes) {
        this.grid = grid;
        this.nodes = nodes;
        this.client = new DhtClient(grid.grid().nodes().get(0));
        this.steady = awaitRangesConfirmed(grid.grid().nodes());
    }

    /** Starts {@code nodes} nodes on free loopback ports, with the default event loops; waits until their leaf sets are exact. */
    public static VigneStore start(int nodes) throws BindException {
        return start(nodes, 0);
    }

    /** As {@link #start(int)}, with {@code netThreads} event loop threads (0: one fewer than the cores, at least one). */
    public static VigneStore start(int nodes, int netThreads) throws BindException {
        return new VigneStore(BenchGrid.start(nodes, netThreads), nodes);
    }

    /** Waits until every node's DHT has its ranges confirmed; says how long that took, or that it did not happen. */
    private static String awaitRangesConfirmed(List<GridNode> nodes) {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(STEADY_WAIT_MS);
        try {
            while (!allConfirmed(nodes)) {
                if (System.nanoTime() > deadline) {
                    return "ranges not all confirmed after " + STEADY_WAIT_MS / 1000 + " s (puts of fresh keys may sync first)";
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for ranges to be confirmed";
        }
        return String.format(Locale.ROOT, "every root's ranges confirmed %.1f s after the leaf sets converged",
                (System.nanoTime() - t0) / 1e9);
    }

    private static boolean allConfirmed(List<GridNode> nodes) throws InterruptedException {
        for (GridNode n : nodes) {
            try {
                if (!n.net().call(() -> n.dht().rangesConfirmed(DHT)).get(5, TimeUnit.SECONDS)) {
                    return false;
                }
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String system() {
        return "vigne";
    }

    @Override
    public String setup() {
        return nodes + " nodes on loopback in one JVM, DHT r=3, calls through node 0; " + steady;
    }

    @Override
    public CompletableFuture<?> put(String key, byte[] value) {
        return client.put(DHT, Id.sha1(key), value).thenApply(VigneStore::ok);
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
        return client.get(DHT, Id.sha1(key)).thenApply(r -> r.status() == DhtResult.Status.NOT_FOUND ? null : ok(r).value());
    }

    private static DhtResult ok(DhtResult r) {
        if (r.status() != DhtResult.Status.OK) {
            throw new CompletionException(new IllegalStateException(r.status() + " " + r.error()));
        }
        return r;
    }

    @Override
    public void close() {
        grid.close();
    }
}
