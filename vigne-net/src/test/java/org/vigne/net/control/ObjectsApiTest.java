package org.vigne.net.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.client.SharedJson;
import org.vigne.client.SharedObject;
import org.vigne.client.Vigne;
import org.vigne.client.VigneException;
import org.vigne.net.exec.AppTokens;
import org.vigne.net.fixtures.Await;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.LocalGrid;

/**
 * {@code /apps/{app}/objects/{name}} on a local grid running a real application (two sleeping
 * components): writes, reads and compare-and-sets through the nodes hosting its components, with
 * the application's own token, and every refusal the issue names (another application's token,
 * a value over the bound, an unknown application, an ended one) as one clear line, in bounded time.
 */
class ObjectsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SPEC = """
            name: shared
            components:
              count: 2
              template:
                command: [sleep, '600']
            policy: {type: none}
            dataProtocol: stat
            """;

    @TempDir
    static Path state;

    private static LocalGrid grid;
    /** Per node: its control address and its control token. */
    private static final List<HostPort> controls = new ArrayList<>();
    private static final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void startGrid() throws Exception {
        grid = LocalGrid.start(LocalGrid.Options.of(3, 0, state));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Await.until("leaf sets converge", Duration.ofSeconds(30), grid::leafSetsConverged);
        for (int i = 0; i < 3; i++) {
            controls.add(grid.controlAddresses().get(i));
            tokens.add(DataDir.readControlToken(state.resolve("node-" + i)).orElseThrow());
        }
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    private static HttpResponse<byte[]> send(int node, String token, String method, String path, byte[] body)
            throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + controls.get(node) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String error(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body()).path("error").asText();
    }

    private static byte[] cas(String expected, String value) throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        return JSON.writeValueAsBytes(Map.of("expected", b64.encodeToString(expected.getBytes(StandardCharsets.UTF_8)),
                "value", b64.encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    }

    /** Submits the application and waits until both components run; answers its id. */
    private static String runApplication() throws Exception {
        byte[] submission = JSON.writeValueAsBytes(Map.of("file", "shared.yaml", "spec", SPEC, "inputs", Map.of()));
        HttpResponse<byte[]> r = send(0, tokens.get(0), "POST", "/apps", submission);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        String id = JSON.readTree(r.body()).path("id").asText();
        Await.until("both components run", Duration.ofSeconds(60), () -> {
            try {
                JsonNode s = JSON.readTree(send(0, tokens.get(0), "GET", "/apps/" + id, null).body());
                return s.path("components").get(0).path("phase").asText().equals("RUNNING")
                        && s.path("components").get(1).path("phase").asText().equals("RUNNING");
            } catch (Exception e) {
                return false;
            }
        });
        return id;
    }

    /** The nodes (indexes) running a component of {@code id}. */
    private static List<Integer> hosts(String id) throws Exception {
        JsonNode s = JSON.readTree(send(0, tokens.get(0), "GET", "/apps/" + id, null).body());
        List<Integer> out = new ArrayList<>();
        for (JsonNode c : s.path("components")) {
            for (int i = 0; i < grid.nodes().size(); i++) {
                if (grid.nodes().get(i).self().address().equals(c.path("node").asText()) && !out.contains(i)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    @Test
    void writeReadCompareAndSet_withTheApplicationsToken_areAtomicAcrossItsNodes() throws Exception {
        String id = runApplication();
        List<Integer> hosts = hosts(id);
        int a = hosts.get(0);
        int b = hosts.get(hosts.size() - 1);
        String tokenA = new AppTokens(tokens.get(a)).tokenFor(id);
        String tokenB = new AppTokens(tokens.get(b)).tokenFor(id);
        String path = "/apps/" + id + "/objects/counter";

        HttpResponse<byte[]> empty = send(a, tokenA, "GET", path, null);
        assertThat(empty.statusCode()).as(text(empty)).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        assertThat(send(a, tokenA, "PUT", path, "1".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(text(send(b, tokenB, "GET", path, null))).isEqualTo("1");
        assertThat(text(send(b, tokenB, "GET", path, null))).as("served at once by b's valid copy").isEqualTo("1");
        assertThat(send(a, tokenA, "PUT", path, "5".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(text(send(b, tokenB, "GET", path, null))).as("the write invalidated b's copy first").isEqualTo("5");

        HttpResponse<byte[]> swapped = send(b, tokenB, "POST", path + "/cas", cas("5", "2"));
        assertThat(swapped.statusCode()).as(text(swapped)).isEqualTo(200);
        HttpResponse<byte[]> lost = send(a, tokenA, "POST", path + "/cas", cas("1", "3"));
        assertThat(lost.statusCode()).isEqualTo(409);
        assertThat(lost.headers().firstValue(ObjectEndpoints.OUTCOME_HEADER)).hasValue("conflict");
        assertThat(text(lost)).as("a failed compare-and-set answers the current value").isEqualTo("2");
        assertThat(text(send(a, tokens.get(a), "GET", path, null))).as("the node's own token opens it too").isEqualTo("2");
    }

    /** A value stored as JSON. */
    record Settings(int loops, String mode) {
    }

    @Test
    void theJavaClient_reachesTheObjects_withTypedHelpers_andRefusalsAsExceptions() throws Exception {
        String id = runApplication();
        int a = hosts(id).get(0);
        try (Vigne vigne = Vigne.fromEnvironment(Map.of("VIGNE_NODE", controls.get(a).toString(), "VIGNE_APP", id,
                "VIGNE_TOKEN", new AppTokens(tokens.get(a)).tokenFor(id)))) {
            SharedObject counter = vigne.object("hits counter");
            assertThat(counter.readLong()).isZero();
            assertThat(counter.addAndGet(5)).isEqualTo(5);
            assertThat(counter.compareAndSetLong(5, 7)).isTrue();
            assertThat(counter.compareAndSetLong(5, 9)).isFalse();
            assertThat(counter.readLong()).isEqualTo(7);

            SharedObject greeting = vigne.object("greeting");
            greeting.writeString("bonjour é");
            assertThat(greeting.readString()).isEqualTo("bonjour é");
            assertThat(greeting.compareAndSetString("bonjour é", "salut")).isTrue();

            SharedJson json = new SharedJson();
            json.write(vigne.object("config"), new Settings(3, "fast"));
            assertThat(json.read(vigne.object("config"), Settings.class)).isEqualTo(new Settings(3, "fast"));

            assertThatThrownBy(() -> counter.write(new byte[(1 << 20) + 1])).isInstanceOf(VigneException.class)
                    .hasMessageContaining("at most 1048576 bytes")
                    .satisfies(e -> assertThat(((VigneException) e).status()).isEqualTo(413));
        }
        try (Vigne stranger = Vigne.connect(controls.get(a).toString(), "nothing-00000000", tokens.get(a))) {
            assertThatThrownBy(() -> stranger.object("x").read()).isInstanceOf(VigneException.class)
                    .hasMessage("object x: no application nothing-00000000");
        }
    }

    @Test
    void badInput_isRefusedWithOneClearLine() throws Exception {
        String id = runApplication();
        int a = hosts(id).get(0);
        String path = "/apps/" + id + "/objects/x";
        AppTokens appTokens = new AppTokens(tokens.get(a));

        HttpResponse<byte[]> other = send(a, appTokens.tokenFor("other-00000000"), "GET", path, null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(error(other)).contains("does not open application " + id).doesNotContain("\n");
        HttpResponse<byte[]> elsewhere = send(a, appTokens.tokenFor(id), "GET", "/nodes", null);
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(send(a, "app1-00", "GET", path, null).statusCode()).isEqualTo(403);
        assertThat(send(a, "wrong-token-0123456789", "GET", path, null).statusCode()).isEqualTo(401);

        HttpResponse<byte[]> big = send(a, appTokens.tokenFor(id), "PUT", path, new byte[(1 << 20) + 1]);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(error(big)).isEqualTo("a shared object's value has at most 1048576 bytes, got 1048577");

        HttpResponse<byte[]> unknown = send(a, tokens.get(a), "GET", "/apps/nothing-00000000/objects/x", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown)).isEqualTo("no application nothing-00000000");

        assertThat(send(0, tokens.get(0), "POST", "/apps/" + id + "/kill", null).statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        Await.until("an access to the killed application is told it ended", Duration.ofSeconds(20), () -> {
            try {
                return send(a, appTokens.tokenFor(id), "GET", path, null).statusCode() == 410;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<byte[]> ended = send(a, appTokens.tokenFor(id), "GET", path, null);
        assertThat(ended.statusCode()).isEqualTo(410);
        assertThat(error(ended)).contains("has ended");
        assertThat(System.nanoTime() - start).as("never a hang").isLessThan(TimeUnit.SECONDS.toNanos(20));
    }
}
