package org.vigne.apps.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.CommandCodec;
import org.vigne.apps.manager.EndKind;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerHooks;
import org.vigne.apps.manager.ManagerReply;
import org.vigne.apps.node.AppsMessage.AppBeat;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.Components;
import org.vigne.apps.spec.DataProtocol;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.RestartLimits;
import org.vigne.apps.spec.SpecCodec;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.testing.ManualEnv;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;

/**
 * Each of the ways a manager's leader turns a host's silence into a suspicion, alone: the overlay's
 * verdict (at a check, or through {@code departed}), the report of a silent host to the overlay
 * (once per {@code suspectAfterMs}, never while the overlay still suspects it, never of itself),
 * the silence limit for a host that answers probes, and a host whose beats do not list an instance.
 * The scenario tests keep these redundant on purpose; here every path is the only one that can act.
 */
class WatchTest {
    private static final AppsConfig CONFIG = AppsConfig.defaults(4);
    private static final long BEAT = CONFIG.heartbeatMs();
    private static final long SUSPECT = CONFIG.suspectAfterMs();
    private static final long GRACE = CONFIG.launchGraceMs();
    private static final long SINCE = 1_000;

    private final ManualEnv env = new ManualEnv(1);
    private final Ring overlay = new Ring(env.self());
    private final List<ManagerCommand.Suspect> suspected = new ArrayList<>();
    private final List<Consumer<ManagerReply>> pending = new ArrayList<>();
    private final DriverContext ctx = new DriverContext(env, CONFIG, overlay, (appId, c, done) -> {
        suspected.add((ManagerCommand.Suspect) c);
        pending.add(done);
    });
    private final ApplicationManager manager = new ApplicationManager(ApplicationManager.groupOf("app-1"), ManagerHooks.NONE);
    private final NodeHandle a = node(1);
    private final NodeHandle b = node(2);
    private long index;
    private Watch watch;

    @BeforeEach
    void setUp() {
        ApplicationSpec spec = new ApplicationSpec("work", new Components.Replicated(2, ComponentSpec.of(List.of("sh", "run.sh"))),
                new FaultPolicy.Restart(FaultPolicy.Scope.COMPONENT, new RestartLimits(3, 0, 60_000)), DataProtocol.DYN);
        apply(new ManagerCommand.Submit(SINCE, "app-1", SpecCodec.encode(spec), new TreeMap<>(), node(0)));
        apply(new ManagerCommand.Placed(SINCE, 0, 0, a));
        apply(new ManagerCommand.Placed(SINCE, 1, 0, b));
        apply(new ManagerCommand.Started(SINCE, 0, 0, a));
        apply(new ManagerCommand.Started(SINCE, 1, 0, b));
        assertThat(manager.onNodes()).hasSize(2);
        watch = new Watch(ctx, manager, SINCE);
    }

    @Test
    void aHostTheOverlayDeclaredDead_isSuspectedAtTheNextCheck_evenInsideTheTakeoverGrace() {
        overlay.dead.add(a.id());
        watch.check(SINCE + 1);
        assertThat(suspected).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo(a);
            assertThat(s.component()).isZero();
            assertThat(s.reason()).isEqualTo("declared dead by the overlay");
        });
    }

    @Test
    void departed_suspectsThatHostsInstancesOnly() {
        watch.departed(b);
        assertThat(suspected).singleElement().satisfies(s -> assertThat(s.node()).isEqualTo(b));
        assertThat(overlay.reported).isEmpty();
    }

    @Test
    void aSuspicionIsSubmittedOnce_andAgainOnlyIfItDidNotGoThrough() {
        overlay.dead.add(a.id());
        watch.check(SINCE + 1);
        watch.check(SINCE + 2);
        watch.departed(a);
        assertThat(suspected).hasSize(1);
        pending.get(0).accept(null);
        watch.check(SINCE + 3);
        assertThat(suspected).hasSize(2);
        assertThat(ctx.counters.suspicions).isEqualTo(2);
    }

    @Test
    void aHostSilentPastItsDeadline_isReportedToTheOverlay_notSuspected() {
        long t = beatBoth(SINCE + 5_000);
        watch.check(t + SUSPECT);
        assertThat(overlay.reported).isEmpty();
        watch.check(t + SUSPECT + 1);
        assertThat(overlay.reported).containsExactly(a.id(), b.id());
        assertThat(ctx.counters.hostsReported).isEqualTo(2);
        assertThat(suspected).isEmpty();
    }

    @Test
    void noHostIsReportedBeforeTheTakeoverGraceEnds() {
        beatBoth(SINCE);
        long graceEnd = SINCE + CONFIG.takeoverGraceMs();
        watch.check(graceEnd);
        assertThat(overlay.reported).isEmpty();
        watch.check(graceEnd + 1);
        assertThat(overlay.reported).hasSize(2);
    }

    @Test
    void aReportedHostIsReportedAgainAfterSuspectAfterMs_onceTheOverlayClearedIt() {
        long t = beatBoth(SINCE + 5_000) + SUSPECT + 1;
        watch.check(t);
        overlay.suspected.add(a.id());
        watch.check(t + SUSPECT - 1);
        assertThat(overlay.reported).hasSize(2);
        watch.check(t + SUSPECT);
        assertThat(overlay.reported).containsExactly(a.id(), b.id(), b.id());
        overlay.suspected.clear();
        watch.check(t + SUSPECT + 1);
        assertThat(overlay.reported).containsExactly(a.id(), b.id(), b.id(), a.id());
    }

    @Test
    void aBeatForgetsTheReport_soTheNextSilenceIsReportedAtItsOwnDeadline() {
        long t = beatBoth(SINCE + 5_000) + SUSPECT + 1;
        watch.check(t);
        beat(a, t, List.of(key(0)), List.of());
        watch.check(t + SUSPECT + 1);
        assertThat(overlay.reported).containsExactly(a.id(), b.id(), a.id(), b.id());
    }

    @Test
    void thisNodeNeverReportsItself() {
        NodeHandle self = env.self();
        apply(new ManagerCommand.Ended(SINCE, 0, 0, a, EndKind.KILLED, -1, "", "", ""));
        watch.check(SINCE + 1);
        manager.pending().forEach(p -> apply(new ManagerCommand.Placed(SINCE, p.component(), p.incarnation(), self)));
        assertThat(manager.onNodes()).extracting(ApplicationManager.OnNode::node).containsExactlyInAnyOrder(self, b);
        watch.check(SINCE + 2);
        watch.check(SINCE + 2 + GRACE + 1);
        assertThat(overlay.reported).containsExactly(b.id());
    }

    @Test
    void aHostThatAnswersProbesButNeverBeats_isSuspectedAtTheSilenceLimit() {
        long t = beatBoth(SINCE + 5_000);
        long limit = Watch.SILENCE_LIMIT_FACTOR * SUSPECT;
        watch.check(t + limit);
        assertThat(suspected).isEmpty();
        watch.check(t + limit + 1);
        assertThat(suspected).hasSize(2).allSatisfy(s -> assertThat(s.reason())
                .isEqualTo("no heartbeat for " + (limit + 1) / 1000 + " s, although its node answers probes"));
    }

    @Test
    void anInstanceNeverBeatenFor_getsTheLaunchGraceBeforeItsDeadlineAndLimit() {
        long first = SINCE + 5_000;
        watch.check(first);
        watch.check(first + GRACE);
        assertThat(overlay.reported).isEmpty();
        watch.check(first + GRACE + 1);
        assertThat(overlay.reported).hasSize(2);
        long limit = GRACE + Watch.SILENCE_LIMIT_FACTOR * SUSPECT;
        watch.check(first + limit);
        assertThat(suspected).isEmpty();
        watch.check(first + limit + 1);
        assertThat(suspected).hasSize(2).allSatisfy(s -> assertThat(s.reason()).startsWith("no heartbeat since its placement"));
    }

    @Test
    void aHostWhoseBeatsDoNotListAnInstance_isSuspectedAfterTheLaunchGrace() {
        long t = SINCE + 5_000;
        beat(a, t, List.of(), List.of());
        beat(a, t + GRACE, List.of(), List.of());
        assertThat(suspected).isEmpty();
        beat(a, t + GRACE + 1, List.of(), List.of());
        assertThat(suspected).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo(a);
            assertThat(s.reason()).isEqualTo("its node does not run it");
        });
    }

    @Test
    void anInstanceListedAsEnded_isAskedForAgain_oncePerSuspectAfterMs() {
        long t = SINCE + 5_000;
        assertThat(beat(a, t, List.of(), List.of(key(0)))).containsExactly(key(0));
        assertThat(beat(a, t + SUSPECT - 1, List.of(), List.of(key(0)))).isEmpty();
        assertThat(beat(a, t + SUSPECT, List.of(), List.of(key(0)))).containsExactly(key(0));
        assertThat(beat(b, t + SUSPECT, List.of(key(1)), List.of(key(0)))).isEmpty();
        assertThat(suspected).isEmpty();
    }

    @Test
    void aBeatCountsOnlyForItsOwnHost() {
        long t = SINCE + 5_000;
        watch.check(t);
        beat(b, t + GRACE, List.of(key(0), key(1)), List.of());
        watch.check(t + GRACE + 1);
        assertThat(overlay.reported).containsExactly(a.id());
    }

    private long beatBoth(long t) {
        beat(a, t, List.of(key(0)), List.of());
        beat(b, t, List.of(key(1)), List.of());
        return t;
    }

    private List<Long> beat(NodeHandle host, long t, List<Long> running, List<Long> ended) {
        return watch.onBeat(host, new AppBeat("app-1", running, ended), t);
    }

    private static long key(int component) {
        return AppBeat.pack(component, 0);
    }

    private void apply(ManagerCommand c) {
        manager.apply(++index, CommandCodec.encode(c));
    }

    private static NodeHandle node(int i) {
        return new NodeHandle(Id.sha1("node" + i), "10.0.0." + i, 7000);
    }

    /** The overlay's verdicts as the test sets them, and the hosts reported to it. */
    private static final class Ring implements KeyBasedRouting {
        final Set<Id> dead = new HashSet<>();
        final Set<Id> suspected = new HashSet<>();
        final List<Id> reported = new ArrayList<>();
        private final NodeHandle self;

        Ring(NodeHandle self) {
            this.self = self;
        }

        @Override
        public NodeHandle self() {
            return self;
        }

        @Override
        public void route(Id key, Message payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NodeHandle> replicaSet(Id key, int r) {
            return List.of(self);
        }

        @Override
        public boolean coversKey(Id key) {
            return true;
        }

        @Override
        public boolean isRoot(Id key) {
            return true;
        }

        @Override
        public List<NodeHandle> leafSetMembers() {
            return List.of();
        }

        @Override
        public boolean isJoined() {
            return true;
        }

        @Override
        public boolean declaredDead(NodeHandle node) {
            return dead.contains(node.id());
        }

        @Override
        public void addApplication(OverlayApplication app) {
        }

        @Override
        public void suspect(NodeHandle node) {
            reported.add(node.id());
        }

        @Override
        public boolean isSuspected(NodeHandle node) {
            return suspected.contains(node.id());
        }
    }
}
