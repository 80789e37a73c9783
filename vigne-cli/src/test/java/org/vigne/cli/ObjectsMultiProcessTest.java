package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 */
class ObjectsMultiProcessTest {
    private static final int NODES = 3;
    private static final int INCREMENTS = 30;

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
}
