package org.vigne.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayListener;

/**
 * The nodes of an experiment and their comings and goings: boots nodes and joins them through
 * random members of the ring, crashes them, makes them leave gracefully, and keeps the oracle up
 * to date (a node enters the true ring when its join completes, at the end of the simulator's
 * window in which it does, and leaves it when it goes).
 */
public final class Population {
    /** Services that want to hand their state off before the node leaves (the DHT does). */
    public interface GracefulLeave {
        /** Starts leaving; {@code done} runs when the node may go. */
        void leave(Runnable done);
    }

    private final SimWorld world;
    private final Oracle oracle;
    private final NodeSetup setup;
    private final List<SimNode> members = new ArrayList<>();
    private final Map<SimNode, Integer> memberIndex = new HashMap<>();
    /**
     * Nodes handing off before a graceful leave: one told to leave while still joining must not
     * become a member when its join completes during the hand-off (it would stay a member, dead,
     * once it stops).
     */
    private final Set<SimNode> leaving = new HashSet<>();
    private long joins;
    private long crashes;
    private long leaves;
    private java.util.function.BiConsumer<SimNode, Boolean> departures = (n, graceful) -> { };

    public Population(SimWorld world, Oracle oracle, NodeSetup inner) {
        this.world = world;
        this.oracle = oracle;
        this.setup = (env, stack) -> {
            NodeSetup.Installed installed = inner.install(env, stack);
            SimNode node = (SimNode) env;
            int incarnation = node.incarnation();
            installed.overlay().addListener(new OverlayListener() {
                @Override
                public void joined(Overlay overlay) {
                    // The members and the oracle are the world's: changed after the window.
                    world.sim().defer(() -> {
                        if (node.alive() && node.incarnation() == incarnation && !leaving.contains(node)) {
                            addMember(node);
                        }
                    });
                }
            });
            return installed;
        };
    }

    public SimWorld world() {
        return world;
    }

    public Oracle oracle() {
        return oracle;
    }

    /** Told of every crash ({@code false}) and graceful leave ({@code true}), while the node's services still exist. */
    public void onDeparture(java.util.function.BiConsumer<SimNode, Boolean> listener) {
        departures = listener;
    }

    /** Boots the first node, which creates the ring. */
    public SimNode createRing() {
        SimNode n = world.newNode();
        world.boot(n, setup);
        n.overlay().create();
        return n;
    }

    /** Boots {@code n} (new or returning) and joins it through up to three random members. */
    public void bootAndJoin(SimNode n) {
        bootAndJoinAfter(n, 0);
    }

    /**
     * Boots {@code n} now, picks its bootstrap members now, and starts its join {@code delayMs}
     * later from a timer of its own: a world event can then start the joins of a whole span of
     * instants, where one world event per join would end the simulator's window at each
     * (see {@code RingBuilder}).
     */
    public void bootAndJoinAfter(SimNode n, long delayMs) {
        if (n.alive()) {
            return;
        }
        leaving.remove(n);
        world.boot(n, setup);
        joins++;
        List<NodeHandle> bootstraps = new ArrayList<>();
        for (int i = 0; i < 3 && !members.isEmpty(); i++) {
            NodeHandle b = randomMember().self();
            if (!bootstraps.contains(b)) {
                bootstraps.add(b);
            }
        }
        if (bootstraps.isEmpty()) {
            n.overlay().create();
        } else if (delayMs <= 0) {
            n.overlay().join(bootstraps);
        } else {
            n.schedule(delayMs, () -> n.overlay().join(bootstraps));
        }
    }

    /** Fail-stop crash. */
    public void crash(SimNode n) {
        if (!n.alive()) {
            return;
        }
        departures.accept(n, false);
        removeMember(n);
        world.crash(n);
        crashes++;
    }

    /** Graceful leave: services hand off, the overlay tells its neighbours, then the node stops. */
    public void leave(SimNode n) {
        if (!n.alive()) {
            return;
        }
        departures.accept(n, true);
        removeMember(n);
        leaving.add(n);
        leaves++;
        int incarnation = n.incarnation();
        // Runs in the node's own event once its services handed off: it stops the node at once,
        // and the world forgets the hand-off after the window.
        Runnable go = () -> {
            if (n.incarnation() != incarnation) {
                return;
            }
            world.sim().defer(() -> leaving.remove(n));
            if (n.alive()) {
                n.overlay().leave();
                world.crash(n);
            }
        };
        if (n.services() instanceof GracefulLeave g) {
            g.leave(go);
        } else {
            go.run();
        }
    }

    /** A uniformly random member of the ring. */
    public SimNode randomMember() {
        return members.get(world.random().nextInt(members.size()));
    }

    public List<SimNode> members() {
        return members;
    }

    public int memberCount() {
        return members.size();
    }

    public long joins() {
        return joins;
    }

    public long crashes() {
        return crashes;
    }

    public long leaves() {
        return leaves;
    }

    private void addMember(SimNode n) {
        if (memberIndex.containsKey(n)) {
            return;
        }
        memberIndex.put(n, members.size());
        members.add(n);
        oracle.add(n);
    }

    private void removeMember(SimNode n) {
        Integer i = memberIndex.remove(n);
        if (i == null) {
            return;
        }
        SimNode last = members.remove(members.size() - 1);
        if (last != n) {
            members.set(i, last);
            memberIndex.put(last, i);
        }
        oracle.remove(n);
    }
}
