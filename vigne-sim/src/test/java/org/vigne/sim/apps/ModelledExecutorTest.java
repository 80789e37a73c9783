package org.vigne.sim.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.exec.LaunchRequest;
import org.vigne.apps.exec.ReportLog;
import org.vigne.apps.files.FileSet;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;

/** Modelled processes: work at the node's speed, periodic checkpoints, restore, kill, and death with the node. */
class ModelledExecutorTest {
    private static final long MIN = 60_000;
    private final SimWorld world = new SimWorld(NetworkModel.wideArea(0), 5);
    private final SimNode node = world.newNode();
    private final ReportLog log = new ReportLog();
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final InstanceId id = new InstanceId("app-1", 2, 1);
    private ModelledExecutor executor;

    private void boot(double speed, ProcessModel model) {
        ModelledExecutor.Config c = new ModelledExecutor.Config(speed, 200, 100, 50);
        world.boot(node, (env, stack) -> {
            executor = new ModelledExecutor(env, c, model, events::add);
            executor.setListener(log);
            return new NodeSetup.Installed(null, executor);
        });
    }

    private static LaunchRequest request(InstanceId id, int checkpointCode, FileSet checkpoint) {
        return new LaunchRequest(id, List.of("work"), new TreeMap<>(), FileSet.empty(), checkpoint, checkpointCode, List.of());
    }

    private void runTo(long ms) {
        world.sim().runUntil(ms);
    }

    @Test
    void work_takesWorkOverSpeed_thenExitsAndHandsOutputs() {
        boot(2.0, ProcessModel.uniform(60_000, 0));
        executor.launch(request(id, 0, FileSet.empty()));
        runTo(200 + 29_999);
        assertThat(log.historyOf(id)).containsExactly("started");
        runTo(200 + 30_000 + 50);

        assertThat(log.historyOf(id)).containsExactly("started", "exited exited with code 0", "outputsReady");
        assertThat(new String(log.last(id, "outputsReady").files().get("result"), StandardCharsets.UTF_8))
                .isEqualTo("app-1#2.1 did 60000 ms of work\n");
        assertThat(executor.active()).isEmpty();
        assertThat(log.violations()).isEmpty();
    }

    @Test
    void checkpointsEveryPeriodOfWork_andRunsOn() {
        boot(1.0, ProcessModel.uniform(30 * MIN, 5 * MIN));
        executor.launch(request(id, 85, FileSet.empty()));
        runTo(2 * 3_600_000);

        assertThat(log.historyOf(id)).containsExactly("started", "checkpointed 1", "checkpointed 2", "checkpointed 3",
                "checkpointed 4", "checkpointed 5", "exited exited with code 0", "outputsReady");
        assertThat(new String(log.last(id, "checkpointed").files().get("progress"), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(25 * MIN));
        ExecutionEvent exit = events.get(events.size() - 1);
        assertThat(exit.type()).isEqualTo(ExecutionEvent.Type.EXITED);
        assertThat(exit.timeMs()).as("start + work + five relaunches").isEqualTo(200 + 30 * MIN + 5 * 100);
        assertThat(log.violations()).isEmpty();
    }

    @Test
    void noCheckpointCode_meansNoCheckpoints() {
        boot(1.0, ProcessModel.uniform(30 * MIN, 5 * MIN));
        executor.launch(request(id, 0, FileSet.empty()));
        runTo(3_600_000);

        assertThat(log.historyOf(id)).containsExactly("started", "exited exited with code 0", "outputsReady");
    }

    @Test
    void restoredCheckpoint_resumesFromItsProgress() {
        boot(1.0, ProcessModel.uniform(30 * MIN, 5 * MIN));
        FileSet at20 = FileSet.of("progress", Long.toString(20 * MIN).getBytes(StandardCharsets.US_ASCII));
        executor.launch(request(id, 85, at20));
        runTo(3_600_000);

        assertThat(log.historyOf(id)).containsExactly("started", "checkpointed 1", "exited exited with code 0",
                "outputsReady");
        assertThat(events.get(0).workDoneMs()).isEqualTo(20 * MIN);
        assertThat(events.get(events.size() - 1).timeMs()).isEqualTo(200 + 10 * MIN + 100);
    }

    @Test
    void kill_endsTheInstance_beforeOrAfterItStarted() {
        boot(1.0, ProcessModel.uniform(30 * MIN, 0));
        InstanceId early = id.withIncarnation(2);
        executor.launch(request(id, 0, FileSet.empty()));
        executor.launch(request(early, 0, FileSet.empty()));
        assertThat(executor.kill(early)).isTrue();
        assertThat(log.reports()).as("no report inside the call").isEmpty();
        runTo(10 * MIN);
        assertThat(executor.kill(id)).isTrue();
        runTo(11 * MIN);

        assertThat(log.historyOf(early)).containsExactly("failedToStart killed before it started");
        assertThat(log.historyOf(id)).containsExactly("started", "exited killed");
        assertThat(events.get(events.size() - 1).workDoneMs()).isEqualTo(10 * MIN - 200);
        assertThat(executor.kill(id)).as("no longer active").isFalse();
        assertThat(log.violations()).isEmpty();
    }

    @Test
    void cannotStart_andUnreadableCheckpoint_areFailuresToStart() {
        boot(1.0, r -> r.instance().component() == 0 ? new ProcessModel.CannotStart("command not found: work")
                : new ProcessModel.Runs(MIN, 0, 3));
        InstanceId missing = new InstanceId("app-1", 0, 1);
        executor.launch(request(missing, 0, FileSet.empty()));
        executor.launch(request(id, 85, FileSet.of("other", new byte[1])));
        runTo(MIN);

        assertThat(log.historyOf(missing)).containsExactly("failedToStart command not found: work");
        assertThat(log.historyOf(id)).containsExactly("failedToStart unreadable checkpoint: no progress file");
    }

    @Test
    void instancesDieWithTheirNode_silently() {
        boot(1.0, ProcessModel.uniform(30 * MIN, 5 * MIN));
        executor.launch(request(id, 85, FileSet.empty()));
        runTo(7 * MIN);
        world.crash(node);
        runTo(2 * 3_600_000);

        assertThat(log.historyOf(id)).containsExactly("started", "checkpointed 1");
        assertThat(events).extracting(ExecutionEvent::type).containsExactly(ExecutionEvent.Type.STARTED,
                ExecutionEvent.Type.CHECKPOINTED);
    }

    @Test
    void launchingAnActiveInstanceAgain_isACallerBug() {
        boot(1.0, ProcessModel.uniform(MIN, 0));
        executor.launch(request(id, 0, FileSet.empty()));

        assertThatThrownBy(() -> executor.launch(request(id, 0, FileSet.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("app-1#2.1 is already active");
        assertThat(executor.active()).containsExactly(id);
    }
}
