package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtReplicaCheck;

/**
 * After a mass failure (a large share of the nodes crashing at once) with churn going on, every
 * key returns to r live copies within a few minutes, apart from the keys whose r replicas all
 * crashed at once: under-replication falls back to the level churn alone produces (issue 13,
 * item 5).
 */
class MassFailureTest {
    private static final int NODES = 100;
    private static final int KEYS = 400;
    private static final long PERIOD_MS = 10_000;
    /** Churn victims keep clear of the replica sets of nodes crashed this recently (so churn alone loses nothing). */
    private static final long WINDOW_MS = 30_000;

    /** One churn step: a crash (or one in five a leave) away from recent crashes, a join, then the rest of the period. */
    private static void churnStep(DhtTestbed t) {
        SimNode v = t.victim(WINDOW_MS);
        if (v != null) {
            if (t.random().nextInt(5) == 0) {
                t.population.leave(v);
            } else {
                t.crash(v);
            }
        }
        t.run(2_000);
        t.joinNew();
        t.run(PERIOD_MS - 2_000);
    }

    @Test
    void keysReturnToRCopies_withinThreeMinutes_afterThirtyPercentCrashAtOnce_underChurn() {
        DhtTestbed t = new DhtTestbed("keysReturnToRCopies_withinThreeMinutes_afterThirtyPercentCrashAtOnce_underChurn",
                31, NODES, 3);
        t.putKeys(KEYS);
        t.startWorkload(5);
        int churnLevel = 0;
        for (int i = 0; i < 12; i++) {
            churnStep(t);
            churnLevel = Math.max(churnLevel, t.check().underReplicated());
        }
        Set<Id> byChance = crashShareAtOnce(t, 0.3);
        List<Integer> under = new ArrayList<>();
        long recoveredAfterMs = -1;
        for (int i = 0; i < 24; i++) {
            churnStep(t);
            int u = t.check().underReplicated();
            under.add(u);
            if (recoveredAfterMs < 0 && u <= churnLevel) {
                recoveredAfterMs = (i + 1) * PERIOD_MS;
            }
        }
        t.stopWorkload();
        DhtReplicaCheck.Report end = t.check();
        Set<Id> lostNotByChance = new HashSet<>(end.lostKeys());
        lostNotByChance.removeAll(byChance);

        String curve = "; under-replicated keys every 10 s after the crash: " + under + ", churn alone: at most "
                + churnLevel;
        assertThat(t.population.crashes()).as(t + ": crashes").isGreaterThanOrEqualTo(30 + 20);
        assertThat(lostNotByChance).as(t + ": keys lost although one of their replicas survived the mass crash"
                + " (" + byChance.size() + " had all replicas crashed at once)").isEmpty();
        assertThat(recoveredAfterMs).as(t + ": simulated ms from the crash to under-replication back at the churn"
                + " level" + curve).isBetween(1L, 180_000L);
        double lastTwoMinutes = under.subList(under.size() - 12, under.size()).stream().mapToInt(Integer::intValue)
                .average().orElseThrow();
        assertThat(lastTwoMinutes).as(t + ": mean under-replicated keys 2 to 4 min after the crash" + curve)
                .isLessThanOrEqualTo(churnLevel);
        assertThat(t.gets).as(t + ": gets checked").isGreaterThan(500);
        assertThat(t.staleGets.stream().filter(g -> byChance.stream().noneMatch(k -> g.startsWith(k.shortString()))))
                .as(t + ": gets that missed the latest acknowledged value of a key not lost by chance").isEmpty();
    }

    /**
     * Crashes {@code share} of the members at once (recorded as recent crashes, so churn waits for
     * repair before it crashes near them); returns the keys whose r replicas were all among them.
     */
    private static Set<Id> crashShareAtOnce(DhtTestbed t, double share) {
        List<SimNode> members = new ArrayList<>(t.population.members());
        int kill = (int) Math.round(members.size() * share);
        Set<SimNode> victims = new LinkedHashSet<>();
        for (int i = 0; i < kill; i++) {
            int j = i + t.random().nextInt(members.size() - i);
            SimNode v = members.get(j);
            members.set(j, members.get(i));
            victims.add(v);
        }
        Set<Id> byChance = new HashSet<>();
        for (Id key : t.acked.keySet()) {
            if (victims.containsAll(t.oracle.closest(key, t.replicas))) {
                byChance.add(key);
            }
        }
        for (SimNode v : victims) {
            t.crash(v);
        }
        return byChance;
    }
}
