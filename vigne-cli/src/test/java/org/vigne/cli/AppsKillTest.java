package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Two applications on real {@code vigne node} processes running real component processes (shell
 * scripts), and two kill -9 of node processes: first the node of the leader of one application's
 * manager, mid-run; then the node running the other's self-checkpointing component (the
 * {@code examples/checkpoint} counter), once a checkpoint of it is committed. Both applications
 * complete with one completion event per component and the right outputs, and the counter resumes
 * from its last checkpoint on another node instead of counting from zero. One grid for both
 * scenarios keeps the test CI-sized.
 */
class AppsKillTest {
    private static final int NODES = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SURVIVOR = """
            name: survivor
            components:
              count: 2
              template:
                command: [sh, -c, 'sleep 12; echo "$VIGNE_COMPONENT ok" > out.txt']
                outputs: [out.txt]
            policy: {type: restart, maxRestarts: 2}
            """;
    /** The checkpoint example, faster: 40 steps of 0.3 s, a checkpoint every 5. */
    private static final String COUNTER = """
            name: count
            components:
              - name: counter
                command: [sh, count.sh, 40, 5]
                env: {STEP_SECONDS: '0.3'}
                inputs: [count.sh]
                outputs: [count.txt]
            policy: {type: checkpoint-restart, checkpointExitCode: 85, maxRestarts: 3}
            """;

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void killAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killNineOfAManagerLeadersNode_thenOfACheckpointingComponentsNode_bothCompleteOnce_fromTheCheckpoint()
            throws Exception {
        ProcessGrid.start(dir, NODES, Duration.ofSeconds(120), nodes);
        ControlClient client = nodes.get(0).client().orElseThrow();
        String survivor = submit(client, "survivor.yaml", SURVIVOR, Map.of());
        Poll.until("both components of " + survivor + " run", Duration.ofSeconds(60), () -> status(client, survivor)
                .map(s -> phase(s, 0).equals("RUNNING") && phase(s, 1).equals("RUNNING")).orElse(false));

        NodeProcess leader = leaderOf(survivor);
        ControlClient asker = live().stream().filter(n -> n != leader).findFirst().orElseThrow().client().orElseThrow();
        leader.kill();
        System.out.println("killed the node of the manager leader of " + survivor + ": " + leader.listen());
        JsonNode done = awaitCompleted(asker, survivor);
        assertOneCompletionPerComponent(asker, survivor, 2);
        JsonNode out = JSON.readTree(asker.send("GET", "/apps/" + survivor + "/output", null).body());
        assertThat(decode(out.path("0").path("out.txt").asText())).isEqualTo("0 ok\n");
        assertThat(decode(out.path("1").path("out.txt").asText())).isEqualTo("1 ok\n");
        assertThat(done.path("state").asText()).isEqualTo("COMPLETED");

        byte[] script = Files.readAllBytes(DemoCommand.findExample().resolve("count.sh"));
        String counter = submit(asker, "count.yaml", COUNTER,
                Map.of("count.sh", Base64.getEncoder().encodeToString(script)));

        Poll.until("a checkpoint of " + counter + " is committed while it runs", Duration.ofSeconds(60),
                () -> status(asker, counter).map(s -> s.path("components").get(0).path("checkpoints").asInt() > 0
                        && phase(s, 0).equals("RUNNING")
                        && live().stream().anyMatch(n -> n.listen().toString().equals(node(s)))).orElse(false));
        String victimAddress = node(status(asker, counter).orElseThrow());
        NodeProcess victim = live().stream().filter(n -> n.listen().toString().equals(victimAddress)).findFirst()
                .orElseThrow();
        ControlClient asker2 = live().stream().filter(n -> n != victim).findFirst().orElseThrow().client().orElseThrow();
        victim.kill();
        long killedAt = System.nanoTime();
        Poll.until("the counter runs again", Duration.ofSeconds(60), () -> status(asker2, counter)
                .map(s -> !node(s).equals(victimAddress) && phase(s, 0).equals("RUNNING")).orElse(false));
        System.out.printf("the counter runs again %d ms after the kill -9 of its node %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt), victimAddress);

        awaitCompleted(asker2, counter);
        assertOneCompletionPerComponent(asker2, counter, 1);
        JsonNode counted = JSON.readTree(asker2.send("GET", "/apps/" + counter + "/output", null).body());
        List<String> lines = decode(counted.path("0").path("count.txt").asText()).lines().toList();
        assertThat(lines.get(0)).isEqualTo("counted to 40");
        assertThat(lines.get(1)).as("the first start on the last node resumes from a checkpoint: %s", lines)
                .matches("start at [1-9][0-9]*");
    }

    private String submit(ControlClient client, String file, String spec, Map<String, String> inputs) throws IOException {
        ControlClient.Response r = client.send("POST", "/apps",
                JSON.writeValueAsBytes(Map.of("file", file, "spec", spec, "inputs", inputs)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private JsonNode awaitCompleted(ControlClient asker, String id) {
        Poll.until(id + " completes", Duration.ofSeconds(120), () -> status(asker, id)
                .map(s -> s.path("state").asText().equals("COMPLETED")).orElse(false));
        return status(asker, id).orElseThrow();
    }

    private static void assertOneCompletionPerComponent(ControlClient asker, String id, int components)
            throws IOException {
        JsonNode events = JSON.readTree(asker.send("GET", "/apps/" + id + "/events", null).body());
        List<Integer> completions = new ArrayList<>();
        long t0 = events.get(0).path("timeMs").asLong();
        for (JsonNode e : events) {
            System.out.printf("  %s +%6d ms %s c%d.i%d %s %s%n", id, e.path("timeMs").asLong() - t0,
                    e.path("type").asText(), e.path("component").asInt(), e.path("incarnation").asInt(),
                    e.path("node").asText(), e.path("detail").asText());
            if (e.path("type").asText().equals("COMPLETED")) {
                completions.add(e.path("component").asInt());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < components; i++) {
            expected.add(i);
        }
        assertThat(completions).as("one completion event per component").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The node whose {@code /stats} says it leads {@code id}'s manager. */
    private NodeProcess leaderOf(String id) {
        NodeProcess[] found = {null};
        Poll.until("a node leads the manager of " + id, Duration.ofSeconds(30), () -> {
            for (NodeProcess n : live()) {
                Optional<JsonNode> s = stats(n);
                if (s.isPresent()) {
                    for (JsonNode a : s.get().path("apps").path("managersLed")) {
                        if (a.asText().equals(id)) {
                            found[0] = n;
                            return true;
                        }
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    private List<NodeProcess> live() {
        return nodes.stream().filter(NodeProcess::alive).toList();
    }

    private static Optional<JsonNode> stats(NodeProcess n) {
        return n.client().flatMap(c -> c.poll("/stats"));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String node(JsonNode status) {
        return status.path("components").get(0).path("node").asText();
    }

    private static String phase(JsonNode status, int component) {
        return status.path("components").get(component).path("phase").asText();
    }

    private static Optional<JsonNode> status(ControlClient c, String id) {
        return c.poll("/apps/" + id);
    }
}
