package org.vigne.sim.experiment;

import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.Simulator;

/**
 * Builds the initial network of an experiment: one node creates the ring, the others join one
 * after another through random members, then the simulation runs until every leaf set matches the
 * oracle's (or a time limit passes).
 */
public final class RingBuilder {
    /** Simulated time between two initial joins, by default. */
    public static final long JOIN_SPACING_MS = 20;
    /** Give up waiting for convergence after this much simulated time past the last join. */
    public static final long CONVERGE_LIMIT_MS = 30 * 60_000;

    /** How the build went. */
    public record Built(boolean converged, long convergeSimMs, double convergeWallSeconds) {
    }

    private RingBuilder() {
    }

    public static Built build(Population population, int nodes, int leafSetSize, Progress progress) {
        return build(population, nodes, leafSetSize, JOIN_SPACING_MS, progress);
    }

    /**
     * Builds with one join every {@code joinSpacingMs}: a shorter spacing builds a large ring in
     * less simulated (and wall) time, at the cost of more joins in flight at once.
     */
    public static Built build(Population population, int nodes, int leafSetSize, long joinSpacingMs, Progress progress) {
        if (joinSpacingMs < 1) {
            throw new IllegalArgumentException("--join-interval must be at least 1 ms, got " + joinSpacingMs);
        }
        long wall0 = System.nanoTime();
        Simulator sim = population.world().sim();
        long t0 = sim.nowMs();
        population.createRing();
        for (int i = 1; i < nodes; i++) {
            SimNode n = population.world().newNode();
            sim.schedule(t0 + i * joinSpacingMs, new org.vigne.sim.SimEvent() {
                @Override
                protected void fire() {
                    population.bootAndJoin(n);
                }
            });
        }
        long lastJoin = t0 + (nodes - 1) * joinSpacingMs;
        sim.runUntil(lastJoin);
        long limit = lastJoin + CONVERGE_LIMIT_MS;
        boolean converged = false;
        while (sim.nowMs() < limit) {
            sim.runUntil(sim.nowMs() + 1000);
            if (population.memberCount() == nodes
                    && Convergence.divergentLeafSets(population.oracle(), leafSetSize) == 0) {
                converged = true;
                break;
            }
            progress.report("building: " + population.memberCount() + "/" + nodes + " joined, sim "
                    + (sim.nowMs() - t0) / 1000 + " s");
        }
        return new Built(converged, sim.nowMs() - t0, (System.nanoTime() - wall0) / 1e9);
    }
}
