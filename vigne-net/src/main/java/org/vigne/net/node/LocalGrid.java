package org.vigne.net.node;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.data.DataConfig;
import org.vigne.net.NetGroup;
import org.vigne.net.control.ControlServer;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.wire.MessageCodec;
import org.vigne.net.wire.ProtocolCodec;
import org.vigne.overlay.OverlayConfig;

/**
 * A whole grid on loopback in one process, the default playground: N nodes sharing one
 * {@link NetGroup} (by default one event loop fewer than the cores, at least one), each with its
 * control API and data dir under a state dir that also holds the generated cluster secret and the
 * {@link GridFile}. Node i listens on {@code basePort + 2i} and its control API on
 * {@code basePort + 2i + 1} (base port 0: free ports).
 */
public final class LocalGrid implements AutoCloseable {
    private static final long LEAVE_BOUND_MS = 3000;

    /**
     * @param nodes number of nodes
     * @param basePort first port, or 0 for free ports
     * @param stateDir where the secret, the grid file and the nodes' data dirs go
     * @param dhts DHTs every node declares
     * @param overlay overlay tunables
     * @param netThreads event loop threads shared by the nodes; 0 for the default (one fewer than the
     *                   cores, at least one)
     * @param leaseMs lease of the components' near copies of shared objects (0: none)
     */
    public record Options(int nodes, int basePort, Path stateDir, List<DhtSpec> dhts, OverlayConfig overlay,
                          int netThreads, long leaseMs) {
        public Options {
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
            }
            if (basePort != 0 && (basePort < 1 || basePort + 2 * nodes - 1 > 0xFFFF)) {
                throw new IllegalArgumentException("--base-port " + basePort + " leaves no room for " + nodes + " nodes");
            }
            if (netThreads < 0) {
                throw new IllegalArgumentException("event loop threads must be 0 (the default) or more, got " + netThreads);
            }
            dhts = List.copyOf(dhts);
        }

        /** {@code n} nodes from {@code basePort} with the default DHT and overlay settings and event loops. */
        public static Options of(int n, int basePort, Path stateDir) {
            return new Options(n, basePort, stateDir, List.of(DhtSpec.DEFAULT), OverlayConfig.defaults(), 0,
                    DataConfig.defaults().leaseMs());
        }

        /** These options with {@code t} event loop threads (0: the default, one fewer than the cores). */
        public Options withNetThreads(int t) {
            return new Options(nodes, basePort, stateDir, dhts, overlay, t, leaseMs);
        }

        /** These options with near copies leased for {@code ms} (0: none). */
        public Options withLeaseMs(long ms) {
            return new Options(nodes, basePort, stateDir, dhts, overlay, netThreads, ms);
        }
    }

    private final Options options;
    private final NetGroup group;
    private final EventLoopGroup controlGroup;
    private final List<GridNode> nodes = new ArrayList<>();
    private final List<ControlServer> controls = new ArrayList<>();
    private final List<DataDir> dirs = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final MembershipLog log = new MembershipLog(false);
    private final StateLock lock;
    private boolean wroteGridFile;
    private boolean closed;

    private LocalGrid(Options options, StateLock lock) {
        this.options = options;
        this.lock = lock;
        this.group = options.netThreads() == 0 ? NetGroup.create() : NetGroup.create(options.netThreads());
        this.controlGroup = ControlServer.newGroup();
    }

    /**
     * Starts every node and its control API, writes the grid file, and lets node 0 create the
     * ring and the others join through it (see {@link #allJoined()}).
     *
     * @throws BindException when a port is taken (the message names it)
     */
    public static LocalGrid start(Options o) throws BindException {
        ClusterSecret secret;
        StateLock lock;
        try {
            PrivateFiles.createDir(o.stateDir());
            lock = StateLock.acquire(o.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state dir " + o.stateDir(), e);
        }
        try {
            secret = SecretFile.readOrCreate(o.stateDir().resolve("secret"));
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the secret in " + o.stateDir(), io)
                    : (RuntimeException) e;
        }
        LocalGrid g = new LocalGrid(o, lock);
        try {
            g.startNodes(secret);
        } catch (BindException | RuntimeException e) {
            g.shutDown(false);
            throw e;
        }
        return g;
    }

    private void startNodes(ClusterSecret secret) throws BindException {
        MessageCodec codec = ProtocolCodec.create();
        List<GridFile.Entry> entries = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            int port = options.basePort() == 0 ? 0 : options.basePort() + 2 * i;
            int controlPort = options.basePort() == 0 ? 0 : port + 1;
            DataDir dir = DataDir.open(options.stateDir().resolve("node-" + i));
            NodeSettings s = NodeSettings.of(new HostPort("127.0.0.1", port), secret)
                    .withDhts(options.dhts()).withOverlay(options.overlay()).withLeaseMs(options.leaseMs());
            GridNode node;
            try {
                node = GridNode.start(s, dir.nodeId(), codec, group, log);
            } catch (BindException e) {
                throw portTaken(port, e);
            }
            nodes.add(node);
            dirs.add(dir);
            ControlServer control;
            String token = dir.newControlToken();
            try {
                control = ControlServer.start(new HostPort("127.0.0.1", controlPort), controlGroup, node, token);
            } catch (BindException e) {
                throw portTaken(controlPort, e);
            }
            controls.add(control);
            node.startExecutor(dir, token, control.address());
            dir.writeControlAddress(control.address());
            entries.add(new GridFile.Entry(control.address(), new HostPort("127.0.0.1", node.self().port()), dir.path()));
        }
        GridFile.write(options.stateDir(), entries);
        wroteGridFile = true;
        nodes.get(0).create();
        NodeHandle bootstrap = nodes.get(0).self();
        for (int i = 1; i < nodes.size(); i++) {
            nodes.get(i).join(List.of(bootstrap));
        }
    }

    private BindException portTaken(int port, BindException cause) {
        if (options.basePort() == 0) {
            return cause;
        }
        BindException e = new BindException("port " + port + " on 127.0.0.1 is already in use: choose another --base-port");
        e.initCause(cause);
        return e;
    }

    /** Completes when every node has joined the ring. */
    public CompletableFuture<Void> allJoined() {
        return CompletableFuture.allOf(nodes.stream().map(GridNode::joined).toArray(CompletableFuture[]::new));
    }

    /** Nanoseconds since the grid started (for the join time it reports). */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** True when every node's leaf set holds exactly its true neighbours on the ring. */
    public boolean leafSetsConverged() {
        List<Id> ring = new ArrayList<>();
        for (GridNode n : nodes) {
            ring.add(n.self().id());
        }
        ring.sort(null);
        int half = options.overlay().leafSetSize() / 2;
        for (GridNode n : nodes) {
            Id[] actual = n.net().call(() -> n.overlay().leafSetIds()).orTimeout(5, TimeUnit.SECONDS).join();
            if (!new HashSet<>(Arrays.asList(actual)).equals(expectedLeaves(ring, n.self().id(), half))) {
                return false;
            }
        }
        return true;
    }

    /** The ids of the {@code half} closest nodes on each side of {@code self} in the sorted {@code ring}. */
    static Set<Id> expectedLeaves(List<Id> ring, Id self, int half) {
        Set<Id> out = new HashSet<>();
        int k = ring.indexOf(self);
        int n = ring.size();
        for (int d = 1; d <= half && d < n; d++) {
            out.add(ring.get((k + d) % n));
            out.add(ring.get(((k - d) % n + n) % n));
        }
        return out;
    }

    public List<GridNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Control API addresses, node by node. */
    public List<HostPort> controlAddresses() {
        return controls.stream().map(ControlServer::address).toList();
    }

    public Path stateDir() {
        return options.stateDir();
    }

    /** Every node leaves gracefully (in parallel, a few seconds at most), then all is closed. Idempotent. */
    @Override
    public void close() {
        shutDown(true);
    }

    private synchronized void shutDown(boolean graceful) {
        if (closed) {
            return;
        }
        closed = true;
        log.quiet();
        if (graceful) {
            CompletableFuture<?>[] leaves = nodes.stream().map(n -> n.leave(LEAVE_BOUND_MS)).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(leaves).get(LEAVE_BOUND_MS + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // A node that did not finish its leave in time is closed anyway.
            }
        }
        controls.forEach(ControlServer::close);
        nodes.forEach(GridNode::close);
        controlGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.close();
        dirs.forEach(DataDir::clearControlFiles);
        if (wroteGridFile) {
            GridFile.delete(options.stateDir());
        }
        lock.release();
    }
}
