package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * An application on real {@code vigne node} processes running real component processes (a small
 * shell script): the node running a component is killed with kill -9, the component runs again on
 * another node, and the application completes once per component with the right output.
 */
class AppsKillTest {
    private static final int NODES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = """
            name: survivor
            components:
              count: 2
              template:
                command: [sh, -c, 'sleep 8; echo "$VIGNE_COMPONENT ok" > out.txt']
                outputs: [out.txt]
            policy: {type: restart, maxRestarts: 2}
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
    void killNineOfAComponentsNode_itRunsAgainElsewhere_andCompletesOnceWithItsOutput() throws Exception {
        startGrid();
        ControlClient client = nodes.get(0).client().orElseThrow();
        ControlClient.Response r = client.send("POST", "/apps",
                JSON.writeValueAsBytes(Map.of("file", "survivor.yaml", "spec", SPEC, "inputs", Map.of())));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String id = JSON.readTree(r.body()).path("id").asText();
        Poll.until("both components run", Duration.ofSeconds(60), () -> status(client, id)
                .map(s -> phase(s, 0).equals("RUNNING") && phase(s, 1).equals("RUNNING")).orElse(false));

        String victimAddress = status(client, id).orElseThrow().path("components").get(0).path("node").asText();
        NodeProcess victim = nodes.stream().filter(n -> n.listen().toString().equals(victimAddress)).findFirst().orElseThrow();
        ControlClient asker = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow().client().orElseThrow();
        victim.kill();
        long killedAt = System.nanoTime();
        Poll.until("component 0 runs again on another node", Duration.ofSeconds(60), () -> status(asker, id)
                .map(s -> s.path("components").get(0).path("incarnation").asInt() > 0
                        && phase(s, 0).equals("RUNNING")).orElse(false));
        System.out.printf("component 0 running again %d ms after the kill -9 of its node%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

        Poll.until("the application completes", Duration.ofSeconds(90), () -> status(asker, id)
                .map(s -> s.path("state").asText().equals("COMPLETED")).orElse(false));
        JsonNode s = status(asker, id).orElseThrow();
        assertThat(s.path("components").get(0).path("node").asText()).isNotEqualTo(victimAddress);
        JsonNode events = JSON.readTree(asker.send("GET", "/apps/" + id + "/events", null).body());
        List<String> completions = new ArrayList<>();
        for (JsonNode e : events) {
            System.out.printf("  %d %s c%d.i%d %s %s%n", e.path("timeMs").asLong(), e.path("type").asText(),
                    e.path("component").asInt(), e.path("incarnation").asInt(), e.path("node").asText(), e.path("detail").asText());
            if (e.path("type").asText().equals("COMPLETED")) {
                completions.add("c" + e.path("component").asInt());
            }
        }
        assertThat(completions).as("one completion event per component").containsExactlyInAnyOrder("c0", "c1");
        JsonNode out = JSON.readTree(asker.send("GET", "/apps/" + id + "/output", null).body());
        assertThat(decode(out.path("0").path("out.txt").asText())).isEqualTo("0 ok\n");
        assertThat(decode(out.path("1").path("out.txt").asText())).isEqualTo("1 ok\n");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String phase(JsonNode status, int component) {
        return status.path("components").get(component).path("phase").asText();
    }

    private static Optional<JsonNode> status(ControlClient c, String id) {
        try {
            ControlClient.Response r = c.send("GET", "/apps/" + id, null);
            return r.status() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void startGrid() throws IOException {
        ProcessGrid.start(dir, NODES, Duration.ofSeconds(120), nodes);
    }
}
