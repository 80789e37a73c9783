package org.vigne.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * The simulated world: the engine, the network model and every node that ever existed. Nodes talk
 * only through {@link #send}, which applies loss, latency and duplication and charges the bytes.
 */
public final class SimWorld {
    private final Simulator sim = new Simulator();
    private final NetworkModel network;
    private final SplittableRandom random;
    private final List<SimNode> nodes = new ArrayList<>();
    private TrafficMeter meter = TrafficMeter.NONE;
    private Faults faults = Faults.NONE;
    private long messagesSent;
    private long bytesSent;

    public SimWorld(NetworkModel network, long seed) {
        this.network = network;
        this.random = new SplittableRandom(seed);
    }

    public Simulator sim() {
        return sim;
    }

    /** The world's own generator: ids, coordinates, network decisions, workloads. */
    public SplittableRandom random() {
        return random;
    }

    public void setMeter(TrafficMeter meter) {
        this.meter = meter;
    }

    /** Scripted faults at the network: a message {@code faults} rejects is lost (after being charged). */
    public void setFaults(Faults faults) {
        this.faults = faults == null ? Faults.NONE : faults;
    }

    /** Creates a node (down) with a fresh random id and position. */
    public SimNode newNode() {
        return newNode(Id.random(random));
    }

    /** Creates a node (down) with the given id and a random position. */
    public SimNode newNode(Id id) {
        int index = nodes.size();
        SimNode n = new SimNode(this, index, new NodeHandle(id, "sim", index), random.nextDouble(), random.nextDouble());
        nodes.add(n);
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
        return messagesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    void send(SimNode from, NodeHandle to, Message msg) {
        int bytes = msg.sizeBytes();
        messagesSent++;
        bytesSent += bytes;
        meter.sent(msg, bytes);
        if (to.port() < 0 || to.port() >= nodes.size() || network.lost(random) || !faults.deliver(from, to, msg)) {
            return;
        }
        SimNode target = nodes.get(to.port());
        if (target.self() != to && !target.self().id().equals(to.id())) {
            return;
        }
        long delay = target == from ? 0 : network.delayMs(from.x, from.y, target.x, target.y, random);
        sim.schedule(sim.nowMs() + delay, new Delivery(target, from.self(), msg));
        if (network.duplicated(random)) {
            long again = network.delayMs(from.x, from.y, target.x, target.y, random);
            sim.schedule(sim.nowMs() + again, new Delivery(target, from.self(), msg));
        }
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
        protected void fire() {
            to.receive(from, msg);
        }
    }
}
