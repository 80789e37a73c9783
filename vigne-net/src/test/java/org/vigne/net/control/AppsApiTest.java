package org.vigne.net.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.fixtures.Await;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.LocalGrid;

/** The {@code /apps} endpoints on a local grid of real nodes running real component processes. */
class AppsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SPEC = """
            name: sum
            components:
              count: 2
              template:
                command: [sh, -c, 'echo "$VIGNE_COMPONENT $(cat n.txt)" > out.txt']
                inputs: [n.txt]
                outputs: [out.txt]
            policy: {type: restart, maxRestarts: 1}
            """;

    @TempDir
    static Path state;

    private static LocalGrid grid;
    private static HostPort control;
    private static String token;

    @BeforeAll
    static void startGrid() throws Exception {
        grid = LocalGrid.start(LocalGrid.Options.of(3, 0, state));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Await.until("leaf sets converge", Duration.ofSeconds(30), grid::leafSetsConverged);
        control = grid.controlAddresses().get(1);
        token = DataDir.readControlToken(state.resolve("node-1")).orElseThrow();
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + control + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** A condition that may fail to ask (then it is not met yet). */
    private interface Check {
        boolean met() throws Exception;
    }

    private static void await(String what, int seconds, Check c) {
        Await.until(what, Duration.ofSeconds(seconds), () -> {
            try {
                return c.met();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String submission(String spec, Map<String, String> inputs) throws Exception {
        Map<String, String> encoded = new java.util.TreeMap<>();
        inputs.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return JSON.writeValueAsString(Map.of("file", "sum.yaml", "spec", spec, "inputs", encoded));
    }

    @Test
    void submit_runsRealProcessesToCompletion_andStatusEventsOutputAndListAgree() throws Exception {
        HttpResponse<String> r = send("POST", "/apps", submission(SPEC, Map.of("n.txt", "42")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = json(r).path("id").asText();
        assertThat(id).startsWith("sum-");

        await("the application completes", 60, () ->
                json(send("GET", "/apps/" + id, null)).path("state").asText().equals("COMPLETED"));

        JsonNode status = json(send("GET", "/apps/" + id, null));
        assertThat(status.path("components")).hasSize(2);
        assertThat(status.path("components").get(1).path("phase").asText()).isEqualTo("DONE");
        JsonNode events = json(send("GET", "/apps/" + id + "/events", null));
        assertThat(events.findValuesAsText("type")).contains("SUBMITTED", "PLACED", "COMPLETED", "APP_COMPLETED");
        assertThat(events.findValuesAsText("type").stream().filter("COMPLETED"::equals)).hasSize(2);
        JsonNode out = json(send("GET", "/apps/" + id + "/output", null));
        assertThat(new String(Base64.getDecoder().decode(out.path("1").path("out.txt").asText()), StandardCharsets.UTF_8))
                .isEqualTo("1 42\n");
        JsonNode logs = json(send("GET", "/apps/" + id + "/logs?component=0", null));
        assertThat(logs.path("sandbox").asText()).isNotEmpty();
        await("the list shows it", 30, () ->
                json(send("GET", "/apps", null)).findValuesAsText("appId").contains(id));
    }

    @Test
    void badInput_oneLineErrors_beforeAnythingIsSubmitted() throws Exception {
        HttpResponse<String> bad = send("POST", "/apps", submission("name: x\ncomponents: {count: 0}\n", Map.of()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).contains("components");

        HttpResponse<String> missing = send("POST", "/apps", submission(SPEC, Map.of()));
        assertThat(missing.statusCode()).isEqualTo(409);
        assertThat(json(missing).path("error").asText()).contains("n.txt");

        HttpResponse<String> unknown = send("GET", "/apps/nothing-00000000", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(send("POST", "/apps/nothing-00000000/kill", null).statusCode()).isEqualTo(404);
    }

    @Test
    void log_isReadFromTheRunningNode_thenFromWhatWasStoredAtTheEnd() throws Exception {
        String spec = "name: talker\ncomponents:\n  - command: [sh, -c, 'echo one; sleep 3; echo two; echo oops >&2']\n"
                + "policy: {type: none}\n";
        String id = json(send("POST", "/apps", submission(spec, Map.of()))).path("id").asText();
        await("the first line is there while it runs", 30, () -> {
            JsonNode t = json(send("GET", "/apps/" + id + "/log?component=0&offset=0", null));
            return text(t).equals("one\n") && !t.path("ended").asBoolean();
        });
        JsonNode nothingYet = json(send("GET", "/apps/" + id + "/log?component=0&offset=4", null));
        assertThat(text(nothingYet)).isEmpty();

        await("it completes", 30, () -> json(send("GET", "/apps/" + id, null)).path("state").asText().equals("COMPLETED"));
        JsonNode rest = json(send("GET", "/apps/" + id + "/log?component=0&offset=4", null));
        assertThat(text(rest)).isEqualTo("two\n");
        assertThat(rest.path("ended").asBoolean()).isTrue();
        JsonNode err = json(send("GET", "/apps/" + id + "/log?component=0&stream=stderr", null));
        assertThat(text(err)).isEqualTo("oops\n");
        assertThat(send("GET", "/apps/" + id + "/log?component=0&stream=both", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/apps/" + id + "/log?component=3", null).statusCode()).isEqualTo(409);
    }

    private static String text(JsonNode logText) {
        return new String(Base64.getDecoder().decode(logText.path("data").asText()), StandardCharsets.UTF_8);
    }

    @Test
    void kill_stopsALongRunningApplication() throws Exception {
        String spec = "name: sleeper\ncomponents:\n  - command: [sleep, '600']\npolicy: {type: none}\n";
        String id = json(send("POST", "/apps", submission(spec, Map.of()))).path("id").asText();
        await("it runs", 30, () ->
                json(send("GET", "/apps/" + id, null)).path("components").get(0).path("phase").asText().equals("RUNNING"));

        HttpResponse<String> k = send("POST", "/apps/" + id + "/kill", null);

        assertThat(k.statusCode()).as(k.body()).isEqualTo(200);
        assertThat(json(k).path("state").asText()).isEqualTo("KILLED");
        assertThat(json(send("DELETE", "/apps/" + id, null)).path("removed").asBoolean()).isTrue();
    }
}
