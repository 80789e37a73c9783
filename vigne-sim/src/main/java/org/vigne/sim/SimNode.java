package org.vigne.sim;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.vigne.core.Env;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.ServiceStack;
import org.vigne.core.Timer;
import org.vigne.overlay.Overlay;

/**
 * One simulated node: the {@link Env} its protocols run against, over virtual time and the
 * simulated network. A crash drops the node's whole service stack and silences its pending timers
 * (they belong to an old incarnation); a returning node starts a fresh stack with the same id.
 */
public final class SimNode implements Env, NetworkModel.Draws {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private final SimWorld world;
    private final int index;
    private final NodeHandle handle;
    /**
     * The state of the generator of the network's decisions about this node's messages (loss,
     * jitter, duplication): SplitMix64, kept in the node rather than in a generator object of its
     * own, which a large run would find out of the cache at every send.
     */
    private long networkSeed;
    /** Events this node scheduled so far: orders them among one instant's events. */
    private long count;
    private boolean alive;
    private int incarnation;
    private SplittableRandom random;
    private ServiceStack stack;
    private Overlay overlay;
    private Object services;
    /** When each incarnation ended (crash or leave), indexed by incarnation. */
    private long[] endedAtMs = new long[0];

    SimNode(SimWorld world, int index, NodeHandle handle, long networkSeed) {
        this.world = world;
        this.index = index;
        this.handle = handle;
        this.networkSeed = networkSeed;
    }

    /** The next uniform draw in [0, 1) of this node's network generator (SplitMix64, as {@link SplittableRandom}). */
    @Override
    public double networkDraw() {
        long z = networkSeed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** The count the next event this node schedules is ordered by. */
    long nextCount() {
        return count++;
    }

    /** Brings the node up with a fresh stack built by {@code setup}. */
    void boot(long seed, NodeSetup setup) {
        alive = true;
        incarnation++;
        random = new SplittableRandom(seed);
        stack = new ServiceStack(this);
        NodeSetup.Installed installed = setup.install(this, stack);
        overlay = installed.overlay();
        services = installed.services();
    }

    /** Fail-stop crash: the node stops at once, without telling anyone. */
    void crash() {
        if (incarnation >= endedAtMs.length) {
            endedAtMs = java.util.Arrays.copyOf(endedAtMs, Math.max(4, incarnation * 2));
        }
        endedAtMs[incarnation] = world.sim().nowMs();
        alive = false;
        incarnation++;
        stack = null;
        overlay = null;
        services = null;
    }

    public int index() {
        return index;
    }

    /**
     * The node's index, not its identity hash: a hash set of nodes is then iterated in the same order
     * in every JVM, so a scenario that crashes "every node of this set" replays exactly under any test
     * order (identity hashes depend on what the thread hashed before; PIT's coverage run exposed one).
     */
    @Override
    public int hashCode() {
        return index;
    }

    /** Identity: one object per index in a world, across incarnations. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    /** Counts boots and crashes: a timer or a check made for one incarnation ignores the next. */
    public int incarnation() {
        return incarnation;
    }

    /** Whether incarnation {@code inc} of this node was up at {@code timeMs} (not after now). */
    public boolean aliveAt(int inc, long timeMs) {
        if (inc == incarnation) {
            return alive;
        }
        return inc < endedAtMs.length && endedAtMs[inc] > timeMs;
    }

    /** When incarnation {@code inc} ended (crash or leave), or -1 while it runs or if it never ran. */
    public long endedAtMs(int inc) {
        return inc < incarnation && inc < endedAtMs.length ? endedAtMs[inc] : -1;
    }

    public boolean alive() {
        return alive;
    }

    /** The overlay of the current incarnation, or null when down. */
    public Overlay overlay() {
        return overlay;
    }

    /** What the setup installed besides the overlay (experiment-specific). */
    public Object services() {
        return services;
    }

    void receive(NodeHandle from, Message msg) {
        if (alive) {
            stack.deliver(from, msg);
        }
    }

    @Override
    public NodeHandle self() {
        return handle;
    }

    @Override
    public long nowMs() {
        return world.sim().nowMs();
    }

    @Override
    public Timer schedule(long delayMs, Runnable action) {
        SimTimer t = new SimTimer(this, incarnation, action);
        Simulator sim = world.sim();
        sim.scheduleFor(index, sim.nowMs() + Math.max(0, delayMs), t, index, count++);
        return t;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void send(NodeHandle to, Message msg) {
        if (alive) {
            world.send(this, to, msg);
        }
    }

    /** A timer of one incarnation of a node; silent once cancelled or once that incarnation ended. */
    private static final class SimTimer extends SimEvent implements Timer {
        private final SimNode node;
        private final int incarnation;
        private Runnable action;

        SimTimer(SimNode node, int incarnation, Runnable action) {
            this.node = node;
            this.incarnation = incarnation;
            this.action = action;
        }

        @Override
        public void cancel() {
            action = null;
        }

        @Override
        protected String describe() {
            return "timer of node " + node.index + " (incarnation " + incarnation + ")";
        }

        @Override
        protected void fire() {
            if (action != null && node.alive && node.incarnation == incarnation) {
                action.run();
            }
        }
    }
}
