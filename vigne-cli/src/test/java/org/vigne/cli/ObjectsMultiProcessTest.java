package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.cli.bench.CounterResult;
import org.vigne.cli.bench.CounterRun;
import org.vigne.cli.bench.NodeProcess;

/**
 * Shared objects across real processes: real {@code vigne node} processes run an application of
 * three components (JVMs using the Java client, {@code CounterComponent}), one per node, each
 * adding 1 to one counter by compare-and-set; once all are done, the counter holds exactly the
 * acknowledged increments, and every component reads the same value.
 *
 * <p>And shared objects are part of a coordinated checkpoint: a component
 * ({@link CheckpointCounter}) adds 1 to a shared counter per step and checkpoints its step count
 * every few steps; its node is killed -9 once a checkpoint is committed; the policy restarts the
 * application from that checkpoint on another node, and the counter resumes from the checkpoint's
 * value: not 0 (objects lost), not a later value (objects that did not go back with the component).
 */
class ObjectsMultiProcessTest {
    private static final int NODES = 3;
    private static final int INCREMENTS = 30;
    private static final int CHECKPOINT_NODES = 4;
    private static final int STEPS = 80;
    private static final int EVERY = 10;

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void killAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void componentsOnThreeNodes_incrementOneCounter_finalValueIsTheAcknowledgedIncrements() throws Exception {
        ProcessGrid.start(dir, NODES, Duration.ofSeconds(120), nodes);
        ControlClient client = nodes.get(0).client().orElseThrow();
        CounterRun run = new CounterRun(NODES, INCREMENTS, 50, Runtime.getRuntime().availableProcessors(), "dyn");

        String id = run.submit(client);
        String state = CounterRun.awaitEnd(client, id, 240_000);
        assertThat(state).as("application %s (node logs under %s)", id, dir).isEqualTo("COMPLETED");
        CounterResult r = run.collect(client, id);

        System.out.println("counter run: " + Json.line(r));
        assertThat(r.unacknowledged()).isZero();
        assertThat(r.acknowledged()).isEqualTo((long) NODES * INCREMENTS);
        assertThat(r.finalsAgree()).as("every component read the same final value").isTrue();
        assertThat(r.finalValue()).as("the counter holds exactly the acknowledged increments").isEqualTo(r.acknowledged());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void checkpointedCounter_killNineOfItsNode_theApplicationRestarts_andTheCounterResumesFromTheCheckpoint() throws Exception {
        ProcessGrid.start(dir, CHECKPOINT_NODES, Duration.ofSeconds(120), nodes);
        ControlClient client = nodes.get(0).client().orElseThrow();
        String id = OneComponentApp.submit(client, "ckpt-counter", CheckpointCounter.class, Integer.toString(STEPS),
                Integer.toString(EVERY), "100");
        Poll.until("a checkpoint of " + id + " is committed while it runs", Duration.ofSeconds(90),
                () -> status(client, id).map(s -> component(s).path("checkpoints").asInt() > 0
                        && component(s).path("phase").asText().equals("RUNNING")).orElse(false));
        String text = OneComponentApp.killHostThenOutput(nodes, client, id);
        List<String> lines = text.lines().toList();
        String[] resumed = lines.get(0).split(" ");
        long step = Long.parseLong(resumed[1]);
        long counter = Long.parseLong(resumed[3]);
        assertThat(step).as("the last incarnation resumed from a checkpoint: %s", lines).isPositive();
        assertThat(counter).as("the counter at the restart equals the checkpoint's step: %s", lines).isEqualTo(step);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("final " + STEPS);
    }

    private static JsonNode component(JsonNode status) {
        return OneComponentApp.component(status);
    }

    private static Optional<JsonNode> status(ControlClient c, String id) {
        return OneComponentApp.status(c, id);
    }
}
