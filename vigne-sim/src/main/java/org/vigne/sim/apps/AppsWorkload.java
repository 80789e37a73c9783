package org.vigne.sim.apps;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.Simulator;

/**
 * The users of a {@code vigne sim apps} run: applications arrive as a Poisson process, each
 * submitted from a random live node; a submission refused, failed or unanswered within a minute
 * (its node may have crashed) is made again from another node. Remembers which applications
 * were acknowledged, and when.
 */
final class AppsWorkload {
    private final AppsExperiment.Config config;
    private final Population population;
    private final Simulator sim;
    private final long patienceMs;
    private final Map<String, Long> acknowledged = new LinkedHashMap<>();
    private int arrived;
    private int pending;
    private long submitFailures;

    AppsWorkload(AppsExperiment.Config config, Population population, long patienceMs) {
        this.config = config;
        this.population = population;
        this.sim = population.world().sim();
        this.patienceMs = patienceMs;
    }

    /** Schedules the arrivals from {@code t0}. */
    void start(long t0) {
        scheduleArrival(t0);
    }

    private void scheduleArrival(long at) {
        if (arrived >= config.apps()) {
            return;
        }
        sim.after(Math.max(0, at - sim.nowMs()), () -> {
            int i = arrived++;
            pending++;
            submit(i, 1);
            double gapMs = -Math.log(1 - population.world().random().nextDouble()) * 60_000 / config.arrivalsPerMinute();
            scheduleArrival(sim.nowMs() + Math.max(1, Math.round(gapMs)));
        });
    }

    private void submit(int i, int attempt) {
        if (population.memberCount() == 0) {
            sim.after(1000, () -> submit(i, attempt));
            return;
        }
        SimNode from = population.randomMember();
        AppsNode node = AppsNode.of(from);
        boolean[] answered = {false};
        node.apps().api().submit(config.spec(i), Map.of(), r -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            if (r.ok()) {
                acknowledged.put(r.value(), sim.nowMs());
                pending--;
            } else {
                submitFailures++;
                sim.after(1000, () -> submit(i, attempt + 1));
            }
        });
        sim.after(patienceMs, () -> {
            if (!answered[0]) {
                answered[0] = true;
                submitFailures++;
                submit(i, attempt + 1);
            }
        });
    }

    /** True once every application has arrived and been acknowledged. */
    boolean allSubmitted() {
        return arrived >= config.apps() && pending == 0;
    }

    /** Acknowledged application ids, with the simulated time of their acknowledgement. */
    Map<String, Long> acknowledged() {
        return acknowledged;
    }

    long submitFailures() {
        return submitFailures;
    }
}
