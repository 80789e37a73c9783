package org.vigne.sim.experiment;

import org.vigne.sim.Population;
import org.vigne.sim.SimEvent;
import org.vigne.sim.SimNode;
import org.vigne.sim.Simulator;

/**
 * Builds the initial network of an experiment: one node creates the ring, the others join one
 * after another through random members, each through the real join protocol, then the simulation
 * runs until every leaf set matches the oracle's (or a time limit passes).
 *
 * <p>While the ring grows, every node already in it runs its maintenance, so a build costs about
 * (nodes x build time) maintenance ticks besides the O(N log N) messages of the joins themselves.
 * With a fixed spacing the build time grows with N and the ticks with N squared; holding the
 * build to {@link #AUTO_BUILD_MS} for large rings ({@link #autoSpacingUs}) keeps them linear.
 *
 * <p>Each join starts at its own instant, from a timer of the joining node; one world event per
 * lookahead span (the simulator's longest window) boots the nodes whose joins fall in it. A world
 * event per join ended the simulator's window at each join instead: every 2 ms on a
 * 100,000-node ring, where windows are otherwise 5 ms long, with both threads waiting while
 * the coordinating thread booted the node.
 */
public final class RingBuilder {
    /** Simulated time between two initial joins, by default. */
    public static final long JOIN_SPACING_MS = 20;
    /** The same, in microseconds (joins may be spaced by less than a millisecond). */
    public static final long JOIN_SPACING_US = JOIN_SPACING_MS * 1000;
    /** Rings larger than this many nodes are built in {@link #AUTO_BUILD_MS} instead of one join per 20 ms. */
    public static final int AUTO_NODES = 10_000;
    /** The simulated time the joins of a large ring are spread over by default. */
    public static final long AUTO_BUILD_MS = AUTO_NODES * JOIN_SPACING_MS;
    /** Give up waiting for convergence after this much simulated time past the last join. */
    public static final long CONVERGE_LIMIT_MS = 30 * 60_000;

    /** How the build went. */
    public record Built(boolean converged, long convergeSimMs, double convergeWallSeconds) {
    }

    private RingBuilder() {
    }

    /**
     * The default spacing of joins for a ring of {@code nodes}, in microseconds: 20 ms up to
     * {@link #AUTO_NODES} nodes, then whatever spreads the joins over {@link #AUTO_BUILD_MS}
     * (2 ms at 100,000 nodes, 200 us at 1,000,000).
     */
    public static long autoSpacingUs(int nodes) {
        return nodes <= AUTO_NODES ? JOIN_SPACING_US : Math.max(1, AUTO_BUILD_MS * 1000 / nodes);
    }

    public static Built build(Population population, int nodes, int leafSetSize, Progress progress) {
        return buildSpacedUs(population, nodes, leafSetSize, JOIN_SPACING_US, progress);
    }

    /**
     * Builds with one join every {@code joinSpacingUs} microseconds of simulated time (joins that
     * fall within the same millisecond start in order at that millisecond): a shorter spacing builds
     * a large ring in less simulated (and wall) time, at the cost of more joins in flight at once.
     */
    public static Built buildSpacedUs(Population population, int nodes, int leafSetSize, long joinSpacingUs,
                                      Progress progress) {
        if (joinSpacingUs < 1) {
            throw new IllegalArgumentException("--join-interval must be at least 1 us, got " + joinSpacingUs + " us");
        }
        long wall0 = System.nanoTime();
        Simulator sim = population.world().sim();
        long t0 = sim.nowMs();
        population.createRing();
        SimNode[] joiners = new SimNode[nodes];
        for (int i = 1; i < nodes; i++) {
            joiners[i] = population.world().newNode();
        }
        long span = sim.lookaheadMs();
        for (int i = 1; i < nodes; ) {
            int first = i;
            long startMs = t0 + first * joinSpacingUs / 1000;
            while (i < nodes && t0 + i * joinSpacingUs / 1000 < startMs + span) {
                i++;
            }
            int last = i;
            sim.schedule(startMs, new SimEvent() {
                @Override
                protected void fire() {
                    for (int j = first; j < last; j++) {
                        population.bootAndJoinAfter(joiners[j], t0 + j * joinSpacingUs / 1000 - startMs);
                    }
                }
            });
        }
        long lastJoin = t0 + (nodes - 1) * joinSpacingUs / 1000;
        sim.runUntil(lastJoin);
        long limit = lastJoin + CONVERGE_LIMIT_MS;
        ConvergenceWatch watch = new ConvergenceWatch(population.oracle(), leafSetSize);
        boolean converged = false;
        while (sim.nowMs() < limit) {
            sim.runUntil(sim.nowMs() + 1000);
            if (population.memberCount() == nodes && watch.converged()) {
                converged = true;
                break;
            }
            progress.report("building: " + population.memberCount() + "/" + nodes + " joined, "
                    + watch.lastDivergent() + " leaf sets off, sim " + (sim.nowMs() - t0) / 1000 + " s");
        }
        return new Built(converged, sim.nowMs() - t0, (System.nanoTime() - wall0) / 1e9);
    }
}
