package org.vigne.sim.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.AppState;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.node.AppsMessage;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.Components;
import org.vigne.apps.spec.DataProtocol;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.RestartLimits;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.SimNode;

/**
 * A manager's leader acts on the overlay's verdict about a silent host, not on late beats alone:
 * a host whose beats stop for longer than the beat timeout but that answers the overlay's probes
 * (a loaded machine) keeps its instance, while a host that is silent altogether is suspected and
 * its instance restarted elsewhere within seconds, as before.
 */
class HostSuspicionScenarioTest {
    private static final long WORK_MS = 4 * 60_000;
    /** Longer than the 3 s beat timeout, shorter than the limit for a host that answers probes (30 s). */
    private static final long BEATS_HELD_MS = 12_000;

    private static AppsTestbed testbed(String scenario, long seed) {
        return new AppsTestbed(scenario, seed, 16, AppsNode.Setup.defaults(ProcessModel.uniform(WORK_MS, 60_000), 2));
    }

    private static String submitOne(AppsTestbed t) {
        return t.submit(new ApplicationSpec("job", new Components.Replicated(1, ComponentSpec.of(List.of("work"))),
                new FaultPolicy.Restart(FaultPolicy.Scope.COMPONENT, RestartLimits.defaults()), DataProtocol.DYN));
    }

    private static SimNode hostNotLeading(AppsTestbed t, String app) {
        InstanceId first = new InstanceId(app, 0, 0);
        t.runUntil(() -> t.hostOf(first) != null
                && !t.executions(app, 0, ExecutionEvent.Type.STARTED).isEmpty(), 60_000);
        SimNode host = t.hostOf(first);
        assertThat(host).as(t + ": " + first + " never ran").isNotNull();
        t.run(20_000);
        if (t.leaderOf(app) == host) {
            throw new AssertionError(t + ": pick another seed, the host leads the manager");
        }
        return host;
    }

    private static boolean isBeat(AppsMessage m) {
        return m instanceof AppsMessage.Beats || m instanceof AppsMessage.RoutedBeat;
    }

    @Test
    void aHostWhoseBeatsAreLateButThatAnswersProbes_isNeitherSuspectedNorRestarted() {
        AppsTestbed t = testbed("late beats", 23);
        String app = submitOne(t);
        SimNode host = hostNotLeading(t, app);
        SimNode leader = t.leaderOf(app);
        long reportsBefore = t.node(leader).apps().driverCounters().hostsReported;
        long until = t.sim.nowMs() + BEATS_HELD_MS;
        int[] held = {0};
        t.world.setFilter((from, to, m) -> {
            boolean beat = m instanceof AppsMessage a && isBeat(a)
                    || m instanceof OverlayMessage.Route r && r.payload() instanceof AppsMessage a2 && isBeat(a2);
            if (from == host && beat && t.sim.nowMs() < until) {
                held[0]++;
                return false;
            }
            return true;
        });
        t.run(BEATS_HELD_MS + 5_000);

        assertThat(held[0]).as(t + ": beats held back").isGreaterThanOrEqualTo((int) (BEATS_HELD_MS / 1_000) - 1);
        assertThat(t.status(app).events()).as(t + ": no suspicion of a host that answers probes")
                .noneMatch(e -> e.type() == ManagerEvent.Type.SUSPECTED);
        assertThat(t.executions(app, 0, ExecutionEvent.Type.STARTED)).as(t + ": starts of component 0").hasSize(1);
        assertThat(t.hostOf(new InstanceId(app, 0, 0))).as(t + ": the first incarnation still runs on its host").isSameAs(host);
        assertThat(t.node(leader).apps().driverCounters().hostsReported - reportsBefore)
                .as(t + ": the silent host reported to the overlay, which probed it").isPositive();
        t.world.setFilter(null);
        assertThat(t.awaitFinal(app, 20 * 60_000)).as(t.toString()).isEqualTo(AppState.COMPLETED);
        assertThat(t.status(app).components().get(0).incarnation()).as(t + ": component 0 never restarted").isZero();
        t.assertSafe();
    }

    @Test
    void aSilentHost_isSuspectedAndItsComponentRunsAgainElsewhereWithinSeconds() {
        AppsTestbed t = testbed("silent host", 23);
        String app = submitOne(t);
        SimNode host = hostNotLeading(t, app);
        long silentAt = t.sim.nowMs();
        t.isolate(host, 10 * 60_000);

        t.runUntil(() -> t.executions(app, 0, ExecutionEvent.Type.STARTED).size() >= 2, 60_000);
        List<ExecutionEvent> starts = t.executions(app, 0, ExecutionEvent.Type.STARTED);
        assertThat(starts).as(t + ": starts of component 0").hasSizeGreaterThanOrEqualTo(2);
        assertThat(starts.get(1).node().id()).isNotEqualTo(host.self().id());
        assertThat(starts.get(1).timeMs() - silentAt).as(t + ": silence to running again, ms").isLessThan(10_000);
        assertThat(t.status(app).events()).as(t + ": the host's suspicion, on the overlay's verdict")
                .anySatisfy(e -> {
                    assertThat(e.type()).isEqualTo(ManagerEvent.Type.SUSPECTED);
                    assertThat(e.detail()).contains("declared dead by the overlay");
                });
        t.assertSafe();
    }
}
