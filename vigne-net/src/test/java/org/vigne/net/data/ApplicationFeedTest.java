package org.vigne.net.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.apps.manager.AppState;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ComponentPhase;
import org.vigne.apps.manager.ComponentStatus;
import org.vigne.apps.node.ApiResult;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.testing.ManualEnv;
import org.vigne.data.ApplicationTable;
import org.vigne.data.ApplicationView;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.net.data.ApplicationFeed.Readiness;

/** How a node's data view follows its application manager's status: epochs, members, end, refusals. */
class ApplicationFeedTest {
    private static final String APP = "job-0a1b2c3d";
    private final NodeHandle self = node("self", 40001);
    private final NodeHandle other = node("other", 40003);
    private final NodeHandle third = node("third", 40005);
    /** Long enough for an installed application to be read again. */
    private static final long FEED_READ_AGAIN_MS = 2_000;
    private final ManualEnv env = new ManualEnv(self, 1);
    private final ApplicationTable table = new ApplicationTable();
    /** The manager's answer to the next status reads. */
    private ApiResult<AppStatus> answer = ApiResult.failure(ApiResult.Status.UNAVAILABLE, "no manager yet");
    /** The answer of the next reads of a restart's stored object values. */
    private ApiResult<Map<String, byte[]>> stored = ApiResult.failure(ApiResult.Status.UNAVAILABLE, "files DHT unreachable");
    /** The checkpoints the manager names as the current epoch's objects (the next statuses carry them). */
    private List<String> objectsFrom = List.of();
    private final ApplicationFeed feed = new ApplicationFeed(env, table, (app, done) -> done.accept(answer),
            (app, paths, done) -> done.accept(stored), Set::of, 500, 2_000);

    private static NodeHandle node(String name, int port) {
        return new NodeHandle(Id.sha1(name), "127.0.0.1", port);
    }

    private static ComponentStatus component(int i, ComponentPhase phase, NodeHandle at) {
        return new ComponentStatus(i, "c" + i, phase, 0, at == null ? "" : at.address(), at == null ? "" : at.id().toString(),
                0, 0, 0, "", -1, "", "", "");
    }

    private ApiResult<AppStatus> status(AppState state, int restarts, ComponentStatus... cs) {
        return ApiResult.ok(new AppStatus(APP, "app", state, "none", "stat", 0, -1, "", restarts, 0, objectsFrom, false, List.of(cs), 0,
                List.of()));
    }

    private Readiness ensure() {
        List<Readiness> got = new ArrayList<>();
        feed.ensure(APP, 10_000, got::add);
        return got.isEmpty() ? null : got.get(0);
    }

    @AfterEach
    void theFeedSendsNothingItself() {
        assertThat(env.sent()).as("messages the feed sent").isEmpty();
    }

    @Test
    void anEpochIsInstalledOnlyOnceNoComponentWaitsForANode() {
        answer = status(AppState.PLACING, 0, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.PENDING, null));
        assertThat(ensure()).as("the access waits while a component is pending").isNull();
        assertThat(table.status(APP)).isEqualTo(ApplicationView.Status.UNKNOWN);

        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.PLACED, other));
        env.runFor(FEED_READ_AGAIN_MS);

        assertThat(table.epoch(APP)).isZero();
        assertThat(table.protocol(APP)).isEqualTo(ConsistencyProtocol.STAT);
        assertThat(table.members(APP)).containsExactlyInAnyOrder(self, other);
        assertThat(ensure()).isEqualTo(Readiness.READY);
    }

    @Test
    void aNodeWhoseComponentsEnded_isNoLongerAMember_butStaysAnInitialMember() {
        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.DONE, other), component(2, ComponentPhase.RUNNING, third));
        assertThat(ensure()).isEqualTo(Readiness.READY);

        assertThat(table.members(APP)).containsExactlyInAnyOrder(self, third);
        assertThat(table.isMember(APP, other.id())).isFalse();
        // The epoch's first master of a key is chosen among all three, as on a node that installed it earlier.
        Id nearOther = other.id();
        assertThat(table.initialMaster(APP, nearOther)).isEqualTo(other);
    }

    @Test
    void aRestartStartsTheNextEpoch_onceItsComponentIsPlacedAgain() {
        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.RUNNING, other));
        assertThat(ensure()).isEqualTo(Readiness.READY);

        answer = status(AppState.PLACING, 1, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.PENDING, other));
        env.runFor(FEED_READ_AGAIN_MS);
        assertThat(table.epoch(APP)).as("pending: the old epoch goes on").isZero();

        answer = status(AppState.RUNNING, 1, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.RUNNING, third));
        env.runFor(FEED_READ_AGAIN_MS);
        assertThat(table.epoch(APP)).isEqualTo(1);
        assertThat(table.members(APP)).containsExactlyInAnyOrder(self, third);
    }

    @Test
    void aRestartFromACheckpoint_startsItsObjectsFromTheStoredValues_neverEmpty() {
        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, self));
        assertThat(ensure()).isEqualTo(Readiness.READY);

        objectsFrom = List.of("ckpt/c0.i0.2");
        answer = status(AppState.RUNNING, 1, component(0, ComponentPhase.RUNNING, self));
        env.runFor(5_000);
        assertThat(table.epoch(APP)).as("the stored values cannot be read: the old epoch goes on").isZero();
        assertThat(feed.restoreFailures()).isPositive();

        stored = ApiResult.ok(Map.of("counter", "7".getBytes(StandardCharsets.UTF_8)));
        env.runFor(3_000);

        assertThat(table.epoch(APP)).isEqualTo(1);
        assertThat(table.checkpointObjects(APP)).containsExactly("counter");
        assertThat(new String(table.checkpointValue(APP, "counter"), StandardCharsets.UTF_8)).isEqualTo("7");
    }

    @Test
    void aManagersNotice_isReadAtOnce_notAtTheNextPoll() {
        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.RUNNING, other));
        assertThat(ensure()).isEqualTo(Readiness.READY);
        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, self),
                component(1, ComponentPhase.DONE, other));

        feed.changed(APP);

        assertThat(table.members(APP)).as("no time passed").containsExactly(self);
        assertThat(feed.notices()).isEqualTo(1);
    }

    @Test
    void anEndedApplication_isEnded_andAnUnknownOneIsUnknown() {
        answer = status(AppState.COMPLETED, 0, component(0, ComponentPhase.DONE, self));
        assertThat(ensure()).isEqualTo(Readiness.ENDED);
        assertThat(table.status(APP)).isEqualTo(ApplicationView.Status.ENDED);

        List<Readiness> got = new ArrayList<>();
        answer = ApiResult.failure(ApiResult.Status.NOT_FOUND, "no such application");
        feed.ensure("nothing-00000000", 10_000, got::add);
        assertThat(got).containsExactly(Readiness.UNKNOWN);
    }

    @Test
    void anAccessOnANodeWithoutComponents_isToldAtOnce_onceEveryComponentIsPlaced() {
        answer = status(AppState.RUNNING, 0, component(0, ComponentPhase.RUNNING, other));

        assertThat(ensure()).isEqualTo(Readiness.NOT_HERE);
    }

    @Test
    void aWaitingAccess_isToldInBoundedTime_whyItCannotStart() {
        answer = status(AppState.PLACING, 0, component(0, ComponentPhase.PENDING, null));
        List<Readiness> got = new ArrayList<>();
        feed.ensure(APP, 1_000, got::add);
        assertThat(got).isEmpty();

        env.runFor(1_500);

        assertThat(got).as("its components are still being placed").containsExactly(Readiness.NOT_HERE);
        answer = ApiResult.failure(ApiResult.Status.UNAVAILABLE, "no manager reachable");
        List<Readiness> later = new ArrayList<>();
        feed.ensure("other-00000000", 1_000, later::add);
        env.runFor(1_500);
        assertThat(later).containsExactly(Readiness.UNAVAILABLE);
    }
}
