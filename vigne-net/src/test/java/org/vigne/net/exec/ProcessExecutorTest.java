package org.vigne.net.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.exec.LaunchRequest;
import org.vigne.apps.exec.ReportLog;
import org.vigne.apps.files.FileSet;
import org.vigne.net.fixtures.Await;

/** Real processes from tiny shell scripts: environment, outputs, checkpoints, kills, limits, restarts of the node. */
class ProcessExecutorTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String NODE = "127.0.0.1:35999";

    @TempDir
    Path data;

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final ReportLog log = new ReportLog();
    private final AppTokens tokens = new AppTokens("0123456789abcdef0123456789abcdef");
    private ProcessExecutor executor;

    @BeforeEach
    void start() throws IOException {
        executor = newExecutor(ExecutorSettings.defaults());
    }

    private ProcessExecutor newExecutor(ExecutorSettings settings) throws IOException {
        ProcessExecutor e = ProcessExecutor.start(loop, data.resolve("sandboxes"), tokens, () -> NODE, settings);
        e.setListener(log);
        return e;
    }

    @AfterEach
    void stop() throws InterruptedException {
        executor.close();
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }

    private <T> T onLoop(Callable<T> c) {
        try {
            return loop.submit(c).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void launch(LaunchRequest r) {
        onLoop(() -> {
            executor.launch(r);
            return null;
        });
    }

    private List<String> awaitEnd(InstanceId id) {
        Await.until(id + " ends", LIMIT, () -> onLoop(() -> log.ended(id)));
        return onLoop(() -> List.copyOf(log.historyOf(id)));
    }

    private static LaunchRequest request(InstanceId id, List<String> argv, Map<String, String> env, FileSet inputs,
                                         FileSet checkpoint, int checkpointCode, List<String> outputs) {
        return new LaunchRequest(id, argv, new TreeMap<>(env), inputs, checkpoint, checkpointCode, outputs);
    }

    private static String text(FileSet files, String path) {
        byte[] b = files.get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void component_getsItsEnvironmentAndInputs_andItsOutputsAndLogsAreCollected() {
        InstanceId id = new InstanceId("hello", 2, 7);
        String script = "mkdir -p out; echo \"$VIGNE_APP $VIGNE_COMPONENT $VIGNE_INCARNATION\" > out/ids.txt;"
                + " cp words.txt copy.txt; env > env.txt; echo \"$GREETING\"; echo oops >&2";
        launch(request(id, List.of("sh", "-c", script), Map.of("GREETING", "bonjour"),
                FileSet.of("words.txt", "vigne\ngrid\n".getBytes()), FileSet.empty(), 0, List.of("out/*", "*.txt")));

        List<String> history = awaitEnd(id);
        ReportLog.Report outputs = onLoop(() -> log.last(id, "outputsReady"));
        FileSet files = outputs.files();
        Map<String, String> env = parseEnv(text(files, "env.txt"));

        assertThat(history).containsExactly("started", "exited exited with code 0", "outputsReady");
        assertThat(files.paths()).containsExactly("copy.txt", "env.txt", "out/ids.txt", "words.txt");
        assertThat(text(files, "out/ids.txt")).isEqualTo("hello 2 7\n");
        assertThat(text(files, "copy.txt")).isEqualTo("vigne\ngrid\n");
        assertThat(env).containsEntry("VIGNE_NODE", NODE).containsEntry("GREETING", "bonjour")
                .containsEntry("VIGNE_CHECKPOINT_DIR", data.resolve("sandboxes/hello/c2.i7/checkpoint").toAbsolutePath()
                        .toString());
        assertThat(tokens.verify("hello", env.get("VIGNE_TOKEN"))).isTrue();
        assertThat(tokens.verify("other-app", env.get("VIGNE_TOKEN"))).isFalse();
        String notPassedOn = System.getenv().keySet().stream()
                .filter(k -> !ExecutorSettings.defaults().inheritedEnv().contains(k)).findFirst().orElse("NONE_AT_ALL");
        assertThat(env).doesNotContainKey(notPassedOn);
        assertThat(text(onLoop(() -> log.last(id, "outputsReady")).files(), "env.txt")).contains("PATH=");
        assertThat(onLoop(() -> log.violations())).isEmpty();
    }

    @Test
    void logs_andAFailingExitCode_areReported() throws IOException {
        InstanceId id = new InstanceId("app", 0, 1);
        launch(request(id, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Map.of(), FileSet.empty(),
                FileSet.empty(), 0, List.of()));

        assertThat(awaitEnd(id)).containsExactly("started", "exited exited with code 3", "outputsReady");
        Path sandbox = data.resolve("sandboxes/app/c0.i1");
        assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("out\n");
        assertThat(Files.readString(sandbox.resolve("stderr"))).isEqualTo("err\n");
        onLoop(() -> {
            executor.discard(id);
            return null;
        });
        Await.until("sandbox deleted", () -> !Files.exists(sandbox));
    }

    @Test
    void missingCommand_failsToStart_withAClearReason() {
        InstanceId id = new InstanceId("app", 0, 1);
        launch(request(id, List.of("no-such-program-vigne", "x"), Map.of(), FileSet.empty(), FileSet.empty(), 0, List.of()));

        assertThat(awaitEnd(id)).containsExactly("failedToStart command not found: no-such-program-vigne");
    }

    @Test
    void checkpointingExample_checkpointsAndRunsOn_thenResumesFromACheckpointElsewhere() throws IOException {
        byte[] script = Files.readAllBytes(examples().resolve("checkpoint/count.sh"));
        Map<String, String> env = Map.of("STEP_SECONDS", "0");
        List<String> argv = List.of("sh", "count.sh", "6", "2");
        InstanceId first = new InstanceId("count", 0, 1);
        launch(request(first, argv, env, FileSet.of("count.sh", script), FileSet.empty(), 85, List.of("count.txt")));

        assertThat(awaitEnd(first)).containsExactly("started", "checkpointed 1", "checkpointed 2",
                "exited exited with code 0", "outputsReady");
        FileSet lastCheckpoint = onLoop(() -> log.last(first, "checkpointed").files());
        assertThat(text(lastCheckpoint, "count")).isEqualTo("4\n");
        assertThat(text(onLoop(() -> log.last(first, "outputsReady").files()), "count.txt"))
                .isEqualTo("counted to 6\nstart at 0\nstart at 2\nstart at 4\n");

        InstanceId second = first.withIncarnation(2);
        launch(request(second, argv, env, FileSet.of("count.sh", script), lastCheckpoint, 85, List.of("count.txt")));

        assertThat(awaitEnd(second)).containsExactly("started", "exited exited with code 0", "outputsReady");
        assertThat(text(onLoop(() -> log.last(second, "outputsReady").files()), "count.txt"))
                .as("resumed from the checkpoint, not from zero").isEqualTo("counted to 6\nstart at 4\n");
    }

    @Test
    void kill_destroysTheWholeProcessTree() {
        InstanceId id = new InstanceId("app", 1, 1);
        launch(request(id, List.of("sh", "-c", "sleep 300 & echo $! > child.pid; wait"), Map.of(), FileSet.empty(),
                FileSet.empty(), 0, List.of()));
        Path pidFile = data.resolve("sandboxes/app/c1.i1/work/child.pid");
        Await.until("the child's pid", LIMIT, () -> Files.exists(pidFile) && pidOf(pidFile) > 0);
        long child = pidOf(pidFile);
        assertThat(ProcessHandle.of(child)).isPresent();

        assertThat(onLoop(() -> executor.kill(id))).isTrue();

        assertThat(awaitEnd(id)).containsExactly("started", "exited killed");
        Await.until("the grandchild is gone", LIMIT, () -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        assertThat(onLoop(() -> executor.kill(id))).isFalse();
    }

    @Test
    void aComponentThatEnds_leavesNothingRunning_itsBackgroundJobsAreKilled() {
        InstanceId id = new InstanceId("app", 2, 1);
        launch(request(id, List.of("sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $! > job.pid"), Map.of(), FileSet.empty(),
                FileSet.empty(), 0, List.of("job.pid")));

        assertThat(awaitEnd(id)).containsExactly("started", "exited exited with code 0", "outputsReady");
        long job = Long.parseLong(text(onLoop(() -> log.last(id, "outputsReady")).files(), "job.pid").strip());
        Await.until("the background job is killed", LIMIT,
                () -> ProcessHandle.of(job).map(h -> !ComponentGuardTest.running(h)).orElse(true));
    }

    @Test
    void outputsOverTheLimit_areRefused_notTruncated_andLinksAreNotFollowed() throws IOException {
        executor.close();
        executor = newExecutor(ExecutorSettings.defaults().withLimits(1000, 1000));
        InstanceId big = new InstanceId("app", 0, 1);
        InstanceId link = new InstanceId("app", 1, 1);
        launch(request(big, List.of("sh", "-c", "head -c 2000 /dev/zero > big.bin"), Map.of(), FileSet.empty(),
                FileSet.empty(), 0, List.of("*.bin")));
        launch(request(link, List.of("sh", "-c", "ln -s /etc/hostname leak.txt; echo ok > ok.txt"), Map.of(),
                FileSet.empty(), FileSet.empty(), 0, List.of("*.txt")));

        awaitEnd(big);
        awaitEnd(link);
        ReportLog.Report refused = onLoop(() -> log.last(big, "outputsReady"));
        assertThat(refused.detail()).isEqualTo("refused: outputs refused: more than 1000 bytes of files match [*.bin]");
        assertThat(refused.files().isEmpty()).isTrue();
        assertThat(onLoop(() -> log.last(link, "outputsReady")).files().paths()).containsExactly("ok.txt");
    }

    @Test
    void aRestartedNode_killsWhatItsPreviousRunLeftRunning() throws IOException {
        InstanceId id = new InstanceId("app", 0, 1);
        launch(request(id, List.of("sleep", "300"), Map.of(), FileSet.empty(), FileSet.empty(), 0, List.of()));
        Path pidFile = data.resolve("sandboxes/app/c0.i1/pid");
        Await.until("pid recorded", LIMIT, () -> Files.exists(pidFile) && pidOf(pidFile) > 0);
        long pid = pidOf(pidFile);

        ProcessExecutor next = newExecutor(ExecutorSettings.defaults());
        next.close();

        // Killed at once; this JVM (its parent here) reaps it a moment later, and until then it
        // still counts as alive.
        Await.until("the orphan killed", LIMIT, () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(data.resolve("sandboxes/app")).doesNotExist();
    }

    @Test
    void launchingAnActiveInstanceAgain_isACallerBug() {
        InstanceId id = new InstanceId("app", 0, 1);
        LaunchRequest r = request(id, List.of("sleep", "300"), Map.of(), FileSet.empty(), FileSet.empty(), 0, List.of());
        launch(r);

        assertThatThrownBy(() -> launch(r)).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(onLoop(() -> executor.active())).containsExactly(id);
    }

    private static long pidOf(Path f) {
        try {
            String s = Files.readString(f).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s.split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no examples/ directory above the working directory");
        }
        return p.resolve("examples");
    }
}
