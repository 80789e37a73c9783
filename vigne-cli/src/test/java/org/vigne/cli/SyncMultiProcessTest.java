package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        String id = submit(client);
        Poll.until("a checkpoint of " + id + " is committed and its 3 permits are held", Duration.ofSeconds(90),
                () -> status(client, id).map(s -> component(s).path("checkpoints").asInt() > 0).orElse(false)
                        && allHeld(id));
        String victimAddress = component(status(client, id).orElseThrow()).path("node").asText();
        NodeProcess victim = nodes.stream().filter(n -> n.listen().toString().equals(victimAddress)).findFirst()
                .orElseThrow();
        ControlClient asker = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow().client().orElseThrow();
        victim.kill();
        System.out.println("killed -9 the node of " + id + ": " + victimAddress);

        Poll.until(id + " completes", Duration.ofSeconds(180), () -> status(asker, id)
                .map(s -> s.path("state").asText().equals("COMPLETED")).orElse(false));
        JsonNode out = JSON.readTree(asker.send("GET", "/apps/" + id + "/output", null).body());
        String text = new String(Base64.getDecoder().decode(out.path("0").path("out.txt").asText()),
                StandardCharsets.UTF_8);
        System.out.println("outputs of the last incarnation:\n" + text);
        assertThat(text.lines().toList()).as("node logs under %s", dir).containsExactly(
                "resumed holding 2",
                "release 2: done",
                "acquire " + PermitHolder.PERMITS + ": granted",
                "done");
    }

    /** True once some node's replica of the sync group shows every permit of {@code lock} held. */
    private boolean allHeld(String id) {
        for (NodeProcess n : nodes) {
            Optional<JsonNode> view = n.client().orElseThrow().poll("/apps/" + id + "/sync");
            JsonNode lock = view.map(v -> v.path("replica").path("semaphores").path("lock")).orElse(null);
            if (lock != null && lock.path("capacity").asInt() == PermitHolder.PERMITS && lock.path("available").asInt(-1) == 0) {
                return true;
            }
        }
        return false;
    }

    private static String submit(ControlClient client) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                PermitHolder.class.getName());
        String spec = JSON.writeValueAsString(Map.of("name", "permit-holder",
                "components", List.of(Map.of("name", "holder", "command", command, "outputs", List.of("out.txt"))),
                "policy", Map.of("type", "checkpoint-restart", "scope", "application", "maxRestarts", 3)));
        ControlClient.Response r = client.send("POST", "/apps",
                JSON.writeValueAsBytes(Map.of("file", "permit-holder.json", "spec", spec, "inputs", Map.of())));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private static JsonNode component(JsonNode status) {
        return status.path("components").get(0);
    }

    private static Optional<JsonNode> status(ControlClient c, String id) {
        return c.poll("/apps/" + id);
    }
}
