package org.vigne.net.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.fixtures.Await;
import org.vigne.net.groups.CounterMachine;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.LocalGrid;

class ControlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
        control = grid.controlAddresses().get(0);
        token = DataDir.readControlToken(state.resolve("node-0")).orElseThrow();
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, byte[] body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + control + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void nodes_describesThisNode_itsLeafSetTableNeighboursAndDhts() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/nodes", null, token);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode v = json(r);
        assertThat(v.path("id").asText()).isEqualTo(grid.nodes().get(0).self().id().toString());
        assertThat(v.path("address").asText()).isEqualTo(grid.nodes().get(0).self().address());
        assertThat(v.path("state").asText()).isEqualTo("JOINED");
        assertThat(v.path("leafSet").size()).isEqualTo(2);
        assertThat(v.path("routingTable").path("filledSlots").asInt()).isPositive();
        assertThat(v.path("dhts").get(0).path("name").asText()).isEqualTo("default");
        assertThat(v.path("dhts").get(0).path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void stats_givesTransportCounters() throws Exception {
        JsonNode v = json(send("GET", "/stats", null, token));

        assertThat(v.path("net").path("messagesIn").asLong()).isPositive();
        assertThat(v.path("net").path("authFailures").asLong()).isZero();
        assertThat(v.path("overlay").path("leafSet").asInt()).isEqualTo(2);
    }

    @Test
    void requestsWithoutTheToken_areRefused() throws Exception {
        HttpResponse<byte[]> none = send("GET", "/nodes", null, null);
        HttpResponse<byte[]> wrong = send("GET", "/nodes", null, "0".repeat(64));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).path("error").asText()).contains("missing control token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).path("error").asText()).isEqualTo("wrong control token");
    }

    @Test
    void putGetDelete_throughTheControlApi() throws Exception {
        String path = "/dht/default/" + "hello%20world%2Fkey";
        assertThat(send("PUT", path, "value".getBytes(StandardCharsets.UTF_8), token).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> got = send("GET", path, null, token);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("value");
        assertThat(got.headers().firstValueAsLong("X-Vigne-Version")).isPresent();

        assertThat(send("DELETE", path, null, token).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> gone = send("GET", path, null, token);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).path("error").asText()).isEqualTo("no value for key 'hello world/key' in DHT 'default'");
    }

    @Test
    void localVersions_sayWhichOfTheKeysThisNodeHolds() throws Exception {
        assertThat(send("PUT", "/dht/default/held", "v".getBytes(StandardCharsets.UTF_8), token).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> r = send("POST", "/dht/default", "held\nnever-written\n".getBytes(StandardCharsets.UTF_8), token);

        assertThat(r.statusCode()).as("POST /dht/default: %s", new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("keys").toString()).isEqualTo("[\"held\",\"never-written\"]");
        assertThat(json.path("versions").get(0).asLong()).as("version of a key written through a 3-node grid with r = 3")
                .isPositive();
        assertThat(json.path("versions").get(1).asLong()).as("version of a key never written").isZero();
    }

    @Test
    void unknownDht_andOversizedValue_areRefusedWithAReason() throws Exception {
        HttpResponse<byte[]> unknown = send("GET", "/dht/nosuch/k", null, token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("unknown DHT 'nosuch' (this node has: default)");

        int max = grid.nodes().get(0).settings().dht().maxValueBytes();
        HttpResponse<byte[]> big = send("PUT", "/dht/default/big", new byte[max + 1], token);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).path("error").asText()).isEqualTo("value of " + (max + 1) + " bytes is over the limit of " + max + " bytes");
    }

    @Test
    void groups_createSubmitAndShow_throughTheControlApi() throws Exception {
        String path = "/groups/counter/ledger%2F1";
        HttpResponse<byte[]> created = send("PUT", path, CounterMachine.add(10), token);
        // 409 too: a creation unanswered for a second is re-sent, and the copy finds the group made.
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isIn(200, 409);
        assertThat(send("PUT", path, new byte[0], token).statusCode()).as("second creation").isEqualTo(409);

        HttpResponse<byte[]> added = send("POST", path, CounterMachine.add(32), token);
        assertThat(added.statusCode()).isEqualTo(200);
        JsonNode a = json(added);
        assertThat(a.path("status").asText()).isEqualTo("OK");
        assertThat(a.path("counter").path("sum").asLong()).isEqualTo(42);
        assertThat(a.path("counter").path("applies").asLong()).isEqualTo(2);
        long index = a.path("index").asLong();

        Await.until("node 0's replica applied the command", () -> {
            try {
                return json(send("GET", path, null, token)).path("applied").asLong() >= index;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode v = json(send("GET", path, null, token));
        assertThat(v.path("kind").asText()).isEqualTo("counter");
        assertThat(v.path("members").size()).isEqualTo(3);
        assertThat(v.path("leader").asText()).isNotEmpty();
        assertThat(v.path("counter").path("sum").asLong()).isEqualTo(42);
        assertThat(json(send("GET", "/stats", null, token)).path("groups").path("hosted").asInt()).isPositive();
    }

    @Test
    void unknownGroupKind_andUnknownGroup_areRefusedWithAReason() throws Exception {
        HttpResponse<byte[]> kind = send("POST", "/groups/nosuch/g", new byte[0], token);
        assertThat(kind.statusCode()).isEqualTo(404);
        assertThat(json(kind).path("error").asText()).isEqualTo("no group kind 'nosuch' on this node (kinds: counter)");

        HttpResponse<byte[]> none = send("GET", "/groups/counter/never-created", null, token);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).path("error").asText()).isEqualTo("this node hosts no replica of group 'never-created'");
    }

    @Test
    void requestWithoutTheToken_isRefusedFromItsHeaders_beforeItsBodyArrives() throws Exception {
        try (RawHttp c = RawHttp.connect(control)) {
            c.send("PUT /dht/default/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + "v".repeat(1000));

            assertThat(c.response()).startsWith("HTTP/1.1 401 Unauthorized").contains("missing control token");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void slowOrIdleConnections_areClosedAfterTheReadTimeout_andTheirNumberIsCapped() throws Exception {
        EventLoopGroup g = ControlServer.newGroup();
        try (ControlServer strict = ControlServer.start(new HostPort("127.0.0.1", 0), g, grid.nodes().get(0), token,
                new ControlLimits(300, 2));
             RawHttp partial = RawHttp.connect(strict.address());
             RawHttp idle = RawHttp.connect(strict.address())) {
            partial.send("GET /nodes HTTP/1.1\r\nHost: x\r\n");
            try (RawHttp third = RawHttp.connect(strict.address())) {
                long t0 = System.nanoTime();
                assertThat(third.closedByServer()).as("a third connection is over the cap").isTrue();
                assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(250));
            }
            long t0 = System.nanoTime();
            assertThat(partial.closedByServer()).isTrue();
            assertThat(idle.closedByServer()).isTrue();
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(3));
        } finally {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void localVersions_copyTheRequestBodyBeforeItIsReleased() throws Exception {
        for (String k : List.of("lv-1", "lv-2")) {
            assertThat(send("PUT", "/dht/default/" + k, "v".getBytes(StandardCharsets.UTF_8), token).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = send("POST", "/dht/default", "lv-1\nlv-2\nlv-absent\n".getBytes(StandardCharsets.UTF_8), token);

            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            JsonNode versions = json(r).path("versions");
            assertThat(versions.get(0).asLong()).isPositive();
            assertThat(versions.get(2).asLong()).isZero();
        }
    }

    @Test
    void malformedPercentEscape_isABadRequest() throws Exception {
        try (RawHttp c = RawHttp.connect(control)) {
            c.send("GET /dht/default/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");

            assertThat(c.response()).startsWith("HTTP/1.1 400 Bad Request").contains("malformed path");
        }
    }

    @Test
    void tokenFile_isReadableByItsOwnerOnly() throws Exception {
        Path f = state.resolve("node-0").resolve(DataDir.CONTROL_TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("secret")))).isEqualTo("rw-------");
    }

    @Test
    void nonLoopbackControlAddress_isRefused() {
        EventLoopGroup g = ControlServer.newGroup();
        try {
            assertThatThrownBy(() -> ControlServer.start(new HostPort("10.1.2.3", 7401), g, grid.nodes().get(0), "t"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--control 10.1.2.3:7401 is not a loopback address: the control API listens on 127.0.0.1 or ::1 only");
        } finally {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
