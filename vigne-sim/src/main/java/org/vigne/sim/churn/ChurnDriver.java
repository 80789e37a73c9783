package org.vigne.sim.churn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;

/**
 * Applies a churn model to a population. With session models every live node departs at the end
 * of its session (crashing, or leaving gracefully with probability {@code leaveFraction}); each
 * departure is balanced by an arrival a few seconds later, so the expected live population stays
 * at its starting size. The arrival is a returning node whose down time has elapsed, else a new
 * node.
 */
public final class ChurnDriver {
    /** Upper bound of the delay between a departure and the arrival that balances it. */
    public static final long MAX_ARRIVAL_DELAY_MS = 5_000;

    private final Population population;
    private final ChurnModel model;
    private final double leaveFraction;
    private final SimWorld world;
    private final SplittableRandom random;
    private final PriorityQueue<Down> down = new PriorityQueue<>((a, b) -> Long.compare(a.returnAtMs, b.returnAtMs));
    private final Map<String, SimNode> labelled = new HashMap<>();
    private boolean stopped;

    private record Down(SimNode node, long returnAtMs) {
    }

    public ChurnDriver(Population population, ChurnModel model, double leaveFraction) {
        if (leaveFraction < 0 || leaveFraction > 1) {
            throw new IllegalArgumentException("leave fraction must be in [0, 1], got " + leaveFraction);
        }
        this.population = population;
        this.model = model;
        this.leaveFraction = leaveFraction;
        this.world = population.world();
        this.random = world.random();
    }

    /** Starts churn now for every current member. */
    public void start() {
        if (model instanceof ChurnModel.Sessions s) {
            for (SimNode n : new ArrayList<>(population.members())) {
                scheduleDeparture(n, s);
            }
        } else if (model instanceof ChurnModel.Replay r) {
            List<SimNode> initial = new ArrayList<>(population.members());
            initial.sort((a, b) -> Integer.compare(a.index(), b.index()));
            for (int i = 0; i < initial.size(); i++) {
                labelled.put(Integer.toString(i), initial.get(i));
            }
            long t0 = world.sim().nowMs();
            for (ChurnTrace.Event e : r.trace().events()) {
                world.sim().schedule(t0 + e.atMs(), new org.vigne.sim.SimEvent() {
                    @Override
                    protected void fire() {
                        replay(e);
                    }
                });
            }
        }
    }

    /** Stops churn: no node departs from now on (arrivals balancing earlier departures still come). */
    public void stop() {
        stopped = true;
    }

    private void scheduleDeparture(SimNode n, ChurnModel.Sessions s) {
        int incarnation = n.incarnation();
        world.sim().after(s.session().sampleMs(random), () -> {
            if (!stopped && n.alive() && n.incarnation() == incarnation) {
                depart(n, s);
            }
        });
    }

    private void depart(SimNode n, ChurnModel.Sessions s) {
        if (random.nextDouble() < leaveFraction) {
            population.leave(n);
        } else {
            population.crash(n);
        }
        down.add(new Down(n, world.sim().nowMs() + s.downtime().sampleMs(random)));
        world.sim().after(1 + random.nextLong(MAX_ARRIVAL_DELAY_MS), () -> arrive(s));
    }

    private void arrive(ChurnModel.Sessions s) {
        long now = world.sim().nowMs();
        SimNode n = null;
        while (!down.isEmpty() && down.peek().returnAtMs() <= now) {
            SimNode candidate = down.poll().node();
            if (!candidate.alive()) {
                n = candidate;
                break;
            }
        }
        if (n == null) {
            n = world.newNode();
        }
        population.bootAndJoin(n);
        scheduleDeparture(n, s);
    }

    private void replay(ChurnTrace.Event e) {
        if (stopped) {
            return;
        }
        SimNode n = labelled.get(e.node());
        switch (e.action()) {
            case UP -> {
                if (n == null) {
                    n = world.newNode();
                    labelled.put(e.node(), n);
                }
                population.bootAndJoin(n);
            }
            case DOWN -> {
                if (n != null) {
                    population.crash(n);
                }
            }
            case LEAVE -> {
                if (n != null) {
                    population.leave(n);
                }
            }
        }
    }
}
