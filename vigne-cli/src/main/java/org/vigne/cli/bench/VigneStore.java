package org.vigne.cli.bench;

import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.vigne.core.Id;
import org.vigne.dht.DhtResult;
import org.vigne.net.node.DhtClient;

/**
 * Vigne under benchmark: a local grid on loopback in this process (real sockets, authenticated and
 * encrypted frames), called through node 0 with an in-process client that submits each operation
 * on node 0's event loop and waits on its future, as an embedded Hazelcast member 0 is called.
 */
public final class VigneStore implements KeyValueStore {
    private static final String DHT = "default";

    private final BenchGrid grid;
    private final DhtClient client;
    private final int nodes;

    private VigneStore(BenchGrid grid, int nodes) {
        this.grid = grid;
        this.nodes = nodes;
        this.client = new DhtClient(grid.grid().nodes().get(0));
    }

    /** Starts {@code nodes} nodes on free loopback ports, a loop per core; waits until their leaf sets are exact. */
    public static VigneStore start(int nodes) throws BindException {
        return start(nodes, 0);
    }

    /** As {@link #start(int)}, with {@code netThreads} event loop threads (0: one per core). */
    public static VigneStore start(int nodes, int netThreads) throws BindException {
        return new VigneStore(BenchGrid.start(nodes, netThreads), nodes);
    }

    @Override
    public String system() {
        return "vigne";
    }

    @Override
    public String setup() {
        return nodes + " nodes on loopback in one JVM, DHT r=3, calls through node 0";
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
