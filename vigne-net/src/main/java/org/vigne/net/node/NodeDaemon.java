package org.vigne.net.node;

import io.netty.channel.EventLoopGroup;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.net.NetGroup;
import org.vigne.net.control.ControlServer;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.wire.ProtocolCodec;
import org.vigne.overlay.OverlayConfig;

/**
 * The {@code vigne node} runtime: one grid node with its control API and data dir, in a process
 * of its own. It creates a ring or joins one, keeps its id in the data dir across restarts, and
 * on {@link #stop()} (the process's shutdown hook) leaves gracefully within a few seconds.
 */
public final class NodeDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDaemon.class);
    /** Longest graceful leave (DHT hand-off, then the overlay's leave). */
    private static final long LEAVE_BOUND_MS = 3000;
    /** Warn when the join has not completed after this long, and again every so often. */
    private static final long JOIN_WARN_MS = 15_000;

    /**
     * How to run the node.
     *
     * @param listen transport address
     * @param advertisedHost host peers connect to, or null for the listen host
     * @param join bootstrap addresses; empty to start a new ring
     * @param secretFile the cluster secret
     * @param control control API address (loopback), or null for a free port on 127.0.0.1
     * @param dataDir data dir, or null for {@code ~/.vigne/PORT}
     * @param dhts DHTs to declare
     * @param slots slots offered to application components
     * @param overlay the overlay's tunables (its failure detector's among them)
     * @param leaseMs lease of the components' near copies of shared objects (0: none)
     */
    public record Options(HostPort listen, String advertisedHost, List<HostPort> join, Path secretFile,
                          HostPort control, Path dataDir, List<DhtSpec> dhts, int slots, OverlayConfig overlay,
                          long leaseMs) {
        public Options {
            join = List.copyOf(join);
            dhts = List.copyOf(dhts);
        }
    }

    private final GridNode node;
    private final NetGroup group;
    private final EventLoopGroup controlGroup;
    private final ControlServer control;
    private final DataDir dataDir;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private NodeDaemon(GridNode node, NetGroup group, EventLoopGroup controlGroup, ControlServer control, DataDir dataDir) {
        this.node = node;
        this.group = group;
        this.controlGroup = controlGroup;
        this.control = control;
        this.dataDir = dataDir;
    }

    /**
     * Starts the node, its control API, then creates or joins the ring (in the background).
     *
     * @throws IllegalArgumentException for bad options (one-line message)
     * @throws BindException when a port is taken (one-line message naming it)
     */
    public static NodeDaemon start(Options o) throws BindException {
        ClusterSecret secret = SecretFile.read(o.secretFile());
        if (o.dataDir() == null && o.listen().port() == 0) {
            throw new IllegalArgumentException("--listen with port 0 needs a --data-dir");
        }
        DataDir dir = DataDir.open(o.dataDir() != null ? o.dataDir() : VigneHome.nodeDir(o.listen().port()));
        Id id = dir.nodeId();
        String advertised = o.advertisedHost() != null ? o.advertisedHost() : o.listen().host();
        NodeSettings settings = NodeSettings.of(o.listen(), secret).withAdvertisedHost(advertised).withDhts(o.dhts())
                .withOverlay(o.overlay()).withLeaseMs(o.leaseMs());
        HostPort controlAddress = o.control() != null ? o.control() : new HostPort("127.0.0.1", 0);
        if (o.control() != null) {
            ControlServer.requireLoopback(controlAddress);
        }
        NetGroup group = NetGroup.create(1);
        EventLoopGroup controlGroup = ControlServer.newGroup();
        GridNode node = null;
        try {
            node = GridNode.start(settings, id, ProtocolCodec.create(), group, new MembershipLog(true));
            String token = dir.newControlToken();
            ControlServer control = ControlServer.start(controlAddress, controlGroup, node, token);
            node.startExecutor(dir, token, control.address(), o.slots());
            dir.writeControlAddress(control.address());
            NodeDaemon d = new NodeDaemon(node, group, controlGroup, control, dir);
            d.enter(o.join());
            return d;
        } catch (BindException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            controlGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group.close();
            throw e;
        }
    }

    private void enter(List<HostPort> join) {
        if (join.isEmpty()) {
            node.create();
            return;
        }
        node.joinAddresses(join);
        node.net().schedule(JOIN_WARN_MS, () -> warnIfNotJoined(join));
    }

    private void warnIfNotJoined(List<HostPort> join) {
        if (node.joined().isDone() || stopped.isDone()) {
            return;
        }
        LOG.warn("{} has not joined yet: is a node running at {}, with the same secret?", node.self(),
                join.size() == 1 ? join.get(0) : join.toString());
        node.net().schedule(2 * JOIN_WARN_MS, () -> warnIfNotJoined(join));
    }

    public NodeHandle self() {
        return node.self();
    }

    public HostPort controlAddress() {
        return control.address();
    }

    public Path dataDir() {
        return dataDir.path();
    }

    public GridNode node() {
        return node;
    }

    /** Completes once the node has joined or created the ring. */
    public CompletableFuture<NodeHandle> joined() {
        return node.joined();
    }

    /** Completes once {@link #stop()} has finished. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Leaves gracefully (bounded), then closes everything. Idempotent; safe in a shutdown hook. */
    public synchronized void stop() {
        if (stopped.isDone()) {
            return;
        }
        LOG.info("{} leaving", node.self());
        try {
            node.leave(LEAVE_BOUND_MS).get(LEAVE_BOUND_MS + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("graceful leave of {} incomplete: {}", node.self(), e.toString());
        }
        control.close();
        node.close();
        controlGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.close();
        dataDir.clearControlFiles();
        LOG.info("{} stopped", node.self());
        stopped.complete(null);
    }
}
