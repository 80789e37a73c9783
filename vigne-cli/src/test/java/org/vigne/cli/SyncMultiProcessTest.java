package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.cli.bench.NodeProcess;

/**
 * Semaphores are part of a coordinated checkpoint on real nodes: a component
 * ({@link PermitHolder}) declares a semaphore of 3 permits, acquires 2, checkpoints, acquires the
 * third; its node is killed -9 once the checkpoint is committed and the group shows the 3
 * permits held; the policy restarts the application from the checkpoint on another node, where
 * the component holds the 2 permits its checkpoint says (it can release them without declaring
 * the semaphore again) and not the third (it can then acquire all 3).
 */
class SyncMultiProcessTest {
    private static final int NODES = 4;

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void killAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void permitsHeldAtACommittedCheckpoint_killNineOfTheHolder_theRestartHoldsExactlyThoseOfTheCheckpoint() throws Exception {
        ProcessGrid.start(dir, NODES, Duration.ofSeconds(120), nodes);
        ControlClient client = nodes.get(0).client().orElseThrow();
        String id = OneComponentApp.submit(client, "permit-holder", PermitHolder.class);
        Poll.until("a checkpoint of " + id + " is committed and its 3 permits are held", Duration.ofSeconds(90),
                () -> status(client, id).map(s -> component(s).path("checkpoints").asInt() > 0).orElse(false)
                        && allHeld(id));
        String text = OneComponentApp.killHostThenOutput(nodes, client, id);
        assertThat(text.lines().toList()).as("node logs under %s", dir).containsExactly(
                "resumed holding 2",
                "release 2: done",
                "acquire " + PermitHolder.PERMITS + ": granted",
                "done");
        Poll.until("a replica of the sync group of " + id + " learns that it ended", Duration.ofSeconds(30),
                () -> replicas(id).anyMatch(r -> r.path("ended").asBoolean()));
    }

    /** True once some node's replica of the sync group shows every permit of {@code lock} held. */
    private boolean allHeld(String id) {
        return replicas(id).map(r -> r.path("semaphores").path("lock"))
                .anyMatch(l -> l.path("capacity").asInt() == PermitHolder.PERMITS && l.path("available").asInt(-1) == 0);
    }

    /** The replicas of {@code id}'s sync group that the live nodes hold. */
    private Stream<JsonNode> replicas(String id) {
        return nodes.stream().filter(NodeProcess::alive)
                .map(n -> n.client().orElseThrow().poll("/apps/" + id + "/sync"))
                .flatMap(Optional::stream).map(v -> v.path("replica")).filter(r -> !r.isMissingNode());
    }

    private static JsonNode component(JsonNode status) {
        return OneComponentApp.component(status);
    }

    private static Optional<JsonNode> status(ControlClient c, String id) {
        return OneComponentApp.status(c, id);
    }
}
