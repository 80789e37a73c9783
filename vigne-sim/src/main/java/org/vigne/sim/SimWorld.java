package org.vigne.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * The simulated world: the engine, the network model and every node that ever existed. Nodes talk
 * only through {@link #send}, which applies loss, latency and duplication and charges the bytes.
 * A {@link SendFilter} may drop chosen messages at that edge: the place where scenarios inject
 * targeted faults, never inside a protocol.
 */
public final class SimWorld {
    private final Simulator sim = new Simulator();
    private final NetworkModel network;
    private final SplittableRandom random;
    private final List<SimNode> nodes = new ArrayList<>();
    /**
     * Per node index: its handle and its position (x then y), kept apart from the node objects so
     * that a send reads neither the receiver's node object nor its handle: in a large run every
     * node object is out of the cache (measured side by side, 60,000 nodes, seed 7: 147 s instead of
     * 152, the same events; at 30,000 nodes no difference).
     */
    private NodeHandle[] handles = new NodeHandle[16];
    private double[] positions = new double[32];
    private TrafficMeter meter = TrafficMeter.NONE;
    private SendFilter filter = SendFilter.ALL;

    public SimWorld(NetworkModel network, long seed) {
        this.network = network;
        this.random = new SplittableRandom(seed);
        sim.describeRun("seed " + seed);
        sim.setLookaheadMs(network.minDelayMs());
        sim.setCounts(owner -> nodes.get(owner).nextCount());
    }

    /**
     * Runs the nodes on {@code n} threads, each with its share of the partitions (before any node boots).
     * The figures are the same for every {@code n}; only experiments whose handlers touch the
     * world through {@link Simulator#defer} may use more than one.
     */
    public void setPartitions(int n) {
        sim.setPartitions(n);
    }

    /** Names the run (its configuration and seed, or the command that replays it) in failure messages. */
    public void describeRun(String description) {
        sim.describeRun(description);
    }

    public Simulator sim() {
        return sim;
    }

    /**
     * The world's own generator: ids, coordinates, workloads, node seeds. Inside a node's event it
     * may be drawn from only with one partition (in which order partitions draw is up to threads).
     */
    public SplittableRandom random() {
        checkWorldContext("the world's generator");
        return random;
    }

    private void checkWorldContext(String what) {
        if (sim.partitions() > 1 && sim.inNodeEvent()) {
            throw new IllegalStateException(what + " is used inside a node's event while the nodes are split into "
                    + sim.partitions() + " partitions: hand the change to Simulator.defer");
        }
    }

    public void setMeter(TrafficMeter meter) {
        this.meter = meter;
    }

    /** Installs the filter every message passes before the network model's own loss. */
    public void setFilter(SendFilter filter) {
        this.filter = filter == null ? SendFilter.ALL : filter;
    }

    /** Creates a node (down) with a fresh random id and position. */
    public SimNode newNode() {
        return newNode(Id.random(random));
    }

    /** Creates a node (down) with the given id and a random position. */
    public SimNode newNode(Id id) {
        checkWorldContext("creating a node");
        int index = nodes.size();
        double x = random.nextDouble();
        double y = random.nextDouble();
        SimNode n = new SimNode(this, index, new NodeHandle(id, "sim", index), random.nextLong());
        nodes.add(n);
        if (index == handles.length) {
            handles = Arrays.copyOf(handles, index * 2);
            positions = Arrays.copyOf(positions, index * 4);
        }
        handles[index] = n.self();
        positions[2 * index] = x;
        positions[2 * index + 1] = y;
        return n;
    }

    /** Boots {@code n} with a stack from {@code setup}; its generator is drawn from the world's. */
    public void boot(SimNode n, NodeSetup setup) {
        n.boot(random.nextLong(), setup);
    }

    public void crash(SimNode n) {
        n.crash();
    }

    public List<SimNode> nodes() {
        return nodes;
    }

    public SimNode node(int index) {
        return nodes.get(index);
    }

    public long messagesSent() {
        return sim.messagesSent();
    }

    public long bytesSent() {
        return sim.bytesSent();
    }

    /**
     * Sends {@code msg} from {@code from}: the network's decisions (loss, jitter, duplication) are
     * drawn from the sender's own network generator ({@link SimNode#networkDraw}), so they do not depend on what other
     * partitions do meanwhile. The meter and the filter are called on the sender's partition's
     * thread.
     */
    void send(SimNode from, NodeHandle to, Message msg) {
        int bytes = msg.sizeBytes();
        int f = from.index();
        Partition part = sim.partitionOf(f);
        part.messagesSent++;
        part.bytesSent += bytes;
        meter.sent(msg, bytes);
        if (!filter.passes(from, to, msg)) {
            return;
        }
        int t = to.port();
        if (t < 0 || t >= nodes.size() || network.lost(from)) {
            return;
        }
        if (handles[t] != to && !handles[t].id().equals(to.id())) {
            return;
        }
        SimNode target = nodes.get(t);
        long now = sim.nowMs();
        long delay = t == f ? 0 : delayMs(f, t, from);
        sim.scheduleFor(t, now + delay, new Delivery(target, from.self(), msg), f, from.nextCount());
        if (network.duplicated(from)) {
            sim.scheduleFor(t, now + delayMs(f, t, from), new Delivery(target, from.self(), msg), f, from.nextCount());
        }
    }

    private long delayMs(int from, int to, NetworkModel.Draws rnd) {
        return network.delayMs(positions[2 * from], positions[2 * from + 1], positions[2 * to], positions[2 * to + 1], rnd);
    }

    /** A message arriving at a node; dropped if the node is down by then. */
    private static final class Delivery extends SimEvent {
        private final SimNode to;
        private final NodeHandle from;
        private final Message msg;

        Delivery(SimNode to, NodeHandle from, Message msg) {
            this.to = to;
            this.from = from;
            this.msg = msg;
        }

        @Override
        protected String describe() {
            return "delivery of " + msg.getClass().getSimpleName() + " from " + from + " to node " + to.index();
        }

        @Override
        protected void fire() {
            to.receive(from, msg);
        }
    }
}
