package org.vigne.net.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.client.Barrier;
import org.vigne.client.Semaphore;
import org.vigne.client.Vigne;
import org.vigne.client.VigneException;
import org.vigne.net.exec.AppTokens;
import org.vigne.net.fixtures.Await;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.LocalGrid;

/**
 * Barriers and semaphores through the control API on a local grid running a real application of
 * three sleeping components, each request made as one of them to the node that runs it: a
 * barrier releases only once its three parties arrived, asking again (the long poll's re-poll,
 * or after a lost answer) never counts an arrival or an acquisition twice, and every refusal the
 * issue names is one clear line.
 */
class SyncApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SPEC = """
            name: phases
            components:
              count: 3
              template:
                command: [sleep, '600']
            policy: {type: none}
            """;

    @TempDir
    static Path state;

    private static LocalGrid grid;
    private static final List<HostPort> controls = new ArrayList<>();
    private static final List<String> tokens = new ArrayList<>();

    /** One component process: the node running it, its incarnation, and its token. */
    private record Proc(String app, int component, int incarnation, int node, String token) {
        String query() {
            return "component=" + component + "&incarnation=" + incarnation;
        }
    }

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

    /** Kills the test's application, so the next one finds free slots (each node offers as many as the machine has cores). */
    @AfterEach
    void killApplication() throws Exception {
        if (running != null) {
            send(0, tokens.get(0), "POST", "/apps/" + running + "/kill");
            running = null;
        }
    }

    private static String running;

    private static HttpResponse<byte[]> send(int node, String token, String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + controls.get(node) + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Submits the application, waits until its three components run; answers them as processes. */
    private static List<Proc> runApplication() throws Exception {
        byte[] submission = JSON.writeValueAsBytes(Map.of("file", "phases.yaml", "spec", SPEC, "inputs", Map.of()));
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://" + controls.get(0) + "/apps"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(submission))
                .header("Authorization", "Bearer " + tokens.get(0)).build();
        String id = JSON.readTree(HTTP.send(post, HttpResponse.BodyHandlers.ofByteArray()).body()).path("id").asText();
        running = id;
        JsonNode[] status = new JsonNode[1];
        Await.until("the three components run", Duration.ofSeconds(60), () -> {
            try {
                status[0] = json(send(0, tokens.get(0), "GET", "/apps/" + id));
                for (JsonNode c : status[0].path("components")) {
                    if (!c.path("phase").asText().equals("RUNNING")) {
                        return false;
                    }
                }
                return status[0].path("components").size() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        List<Proc> out = new ArrayList<>();
        for (JsonNode c : status[0].path("components")) {
            int node = -1;
            for (int i = 0; i < grid.nodes().size(); i++) {
                if (grid.nodes().get(i).self().address().equals(c.path("node").asText())) {
                    node = i;
                }
            }
            out.add(new Proc(id, c.path("index").asInt(), c.path("incarnation").asInt(), node,
                    new AppTokens(tokens.get(node)).tokenFor(id)));
        }
        return out;
    }

    private static HttpResponse<byte[]> await(Proc p, int parties, long generation, long waitMs) throws Exception {
        return send(p.node(), p.token(), "POST", "/apps/" + p.app() + "/barriers/phase/await?" + p.query() + "&parties="
                + parties + "&generation=" + generation + "&wait=" + waitMs);
    }

    private static HttpResponse<byte[]> semaphore(Proc p, String verb, int permits, long seq, long waitMs) throws Exception {
        return send(p.node(), p.token(), "POST", "/apps/" + p.app() + "/semaphores/tokens/" + verb + "?" + p.query()
                + "&permits=" + permits + (seq >= 0 ? "&seq=" + seq : "") + "&wait=" + waitMs);
    }

    @Test
    void aBarrierReleasesOnlyOnceAllPartiesArrived_andAskingAgainNeverCountsTwice() throws Exception {
        List<Proc> ps = runApplication();
        Proc a = ps.get(0);
        Proc b = ps.get(1);
        Proc c = ps.get(2);

        HttpResponse<byte[]> first = await(a, 3, 0, 300);
        assertThat(first.statusCode()).as(new String(first.body())).isEqualTo(202);
        assertThat(json(first).path("generation").asLong()).isZero();
        assertThat(await(a, 3, 0, 300).statusCode()).as("a's re-poll joins its arrival").isEqualTo(202);
        assertThat(await(b, 3, 0, 300).statusCode()).isEqualTo(202);
        assertThat(await(b, 3, 0, 300).statusCode()).as("two of three arrived, however often they asked").isEqualTo(202);

        CompletableFuture<HttpResponse<byte[]>> aWaits = CompletableFuture.supplyAsync(() -> call(() -> await(a, 3, 0, 20_000)));
        HttpResponse<byte[]> last = await(c, 3, 0, 20_000);
        assertThat(last.statusCode()).as(new String(last.body())).isEqualTo(200);
        assertThat(json(last).path("status").asText()).isEqualTo("RELEASED");
        assertThat(json(aWaits.get(30, TimeUnit.SECONDS)).path("generation").asLong()).isZero();

        HttpResponse<byte[]> again = await(b, 3, 0, 300);
        assertThat(again.statusCode()).as("asked again after its release (a lost answer)").isEqualTo(200);
        assertThat(json(again).path("generation").asLong()).isZero();
        JsonNode view = json(send(b.node(), b.token(), "GET", "/apps/" + b.app() + "/barriers/phase?" + b.query()));
        assertThat(view.path("generation").asLong()).as("b's next arrival is in generation 1").isEqualTo(1);
        assertThat(view.path("waiting").asBoolean()).as("and b has not arrived in it").isFalse();

        assertThat(await(a, 3, 1, 300).statusCode()).isEqualTo(202);
        assertThat(await(c, 3, 1, 300).statusCode()).as("generation 1 waits for b, whose re-poll did not arrive in it")
                .isEqualTo(202);
        HttpResponse<byte[]> wrongParties = await(b, 2, 1, 300);
        assertThat(wrongParties.statusCode()).isEqualTo(409);
        assertThat(json(wrongParties).path("error").asText()).isEqualTo("barrier \"phase\" has 3 parties in generation 1;"
                + " this await says 2");
        HttpResponse<byte[]> ahead = await(b, 3, 5, 300);
        assertThat(ahead.statusCode()).isEqualTo(409);
        assertThat(json(ahead).path("error").asText()).contains("next arrival at barrier \"phase\" is in generation 1");
        assertThat(await(b, 3, 1, 20_000).statusCode()).isEqualTo(200);
    }

    @Test
    void semaphorePermitsAreTakenAndGivenBackOnce_andAReleaseBeyondThemIsRefused() throws Exception {
        List<Proc> ps = runApplication();
        Proc a = ps.get(0);
        Proc b = ps.get(1);

        assertThat(semaphore(a, "declare", 2, -1, 15_000).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> both = semaphore(a, "acquire", 2, 0, 15_000);
        assertThat(both.statusCode()).as(new String(both.body())).isEqualTo(200);
        assertThat(json(both).path("status").asText()).isEqualTo("GRANTED");
        assertThat(semaphore(b, "acquire", 1, 0, 300).statusCode()).as("no permit is free").isEqualTo(202);
        assertThat(semaphore(a, "release", 1, 1, 15_000).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> granted = semaphore(b, "acquire", 1, 0, 15_000);
        assertThat(granted.statusCode()).as(new String(granted.body())).isEqualTo(200);
        assertThat(semaphore(b, "acquire", 1, 0, 300).statusCode()).as("asked again: the same grant").isEqualTo(200);
        JsonNode view = json(send(b.node(), b.token(), "GET", "/apps/" + b.app() + "/semaphores/tokens?" + b.query()));
        assertThat(view.path("held").asInt()).as("one permit, not two").isEqualTo(1);
        assertThat(view.path("seq").asLong()).isEqualTo(1);

        HttpResponse<byte[]> beyond = semaphore(b, "release", 2, 1, 15_000);
        assertThat(beyond.statusCode()).isEqualTo(409);
        assertThat(json(beyond).path("error").asText()).contains("holds 1 permit").doesNotContain("\n");
        HttpResponse<byte[]> redeclared = semaphore(b, "declare", 3, -1, 15_000);
        assertThat(redeclared.statusCode()).isEqualTo(409);
        assertThat(json(redeclared).path("error").asText()).contains("has 2 permits");
    }

    @Test
    void theJavaClient_awaitsBarriers_andTakesPermits_asItsProcess() throws Exception {
        List<Proc> ps = runApplication();
        List<CompletableFuture<List<Long>>> runs = new ArrayList<>();
        for (Proc p : ps) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try (Vigne v = Vigne.connect(controls.get(p.node()).toString(), p.app(), p.token())
                        .asProcess(p.component(), p.incarnation())) {
                    Barrier phase = v.barrier("loop", 3);
                    Semaphore mutex = v.semaphore("mutex").declare(1);
                    List<Long> generations = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        mutex.acquire(1);
                        mutex.release(1);
                        generations.add(phase.await());
                    }
                    return generations;
                }
            }));
        }
        for (CompletableFuture<List<Long>> r : runs) {
            assertThat(r.get(120, TimeUnit.SECONDS)).containsExactly(0L, 1L, 2L);
        }
        Proc a = ps.get(0);
        try (Vigne v = Vigne.connect(controls.get(a.node()).toString(), a.app(), a.token()).asProcess(a.component(),
                a.incarnation())) {
            assertThat(v.barrier("loop", 3).generation()).isEqualTo(3);
            assertThatThrownBy(() -> v.semaphore("mutex").release(1)).isInstanceOf(VigneException.class)
                    .hasMessageContaining("semaphore mutex: process 0 holds 0 permits")
                    .satisfies(e -> assertThat(((VigneException) e).status()).isEqualTo(409));
        }
    }

    @Test
    void badInput_isRefusedWithOneClearLine() throws Exception {
        List<Proc> ps = runApplication();
        Proc a = ps.get(0);
        String base = "/apps/" + a.app() + "/barriers/phase";
        AppTokens appTokens = new AppTokens(tokens.get(a.node()));

        HttpResponse<byte[]> other = send(a.node(), appTokens.tokenFor("other-00000000"), "POST", base + "/await?"
                + a.query() + "&parties=1");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(send(a.node(), a.token(), "GET", "/apps/" + a.app() + "/sync").statusCode())
                .as("the application's token opens its sync status").isEqualTo(200);
        HttpResponse<byte[]> anonymous = send(a.node(), a.token(), "POST", base + "/await?parties=1");
        assertThat(anonymous.statusCode()).isEqualTo(400);
        assertThat(json(anonymous).path("error").asText()).startsWith("name the process");
        HttpResponse<byte[]> noParties = send(a.node(), a.token(), "POST", base + "/await?" + a.query());
        assertThat(noParties.statusCode()).isEqualTo(400);
        assertThat(json(noParties).path("error").asText()).isEqualTo("?parties=N is required");
        HttpResponse<byte[]> stale = send(a.node(), a.token(), "POST", base + "/await?component=0&incarnation="
                + (a.incarnation() + 1) + "&parties=1");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).path("error").asText()).isEqualTo("component 0 of " + a.app() + " runs incarnation "
                + a.incarnation() + ", not " + (a.incarnation() + 1));
        HttpResponse<byte[]> unknown = send(a.node(), tokens.get(a.node()), "POST",
                "/apps/nothing-00000000/barriers/x/await?component=0&incarnation=0&parties=1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("no application nothing-00000000");

        assertThat(send(0, tokens.get(0), "POST", "/apps/" + a.app() + "/kill").statusCode()).isEqualTo(200);
        Await.until("a request of the killed application is told it ended", Duration.ofSeconds(20), () -> {
            try {
                return send(a.node(), a.token(), "POST", base + "/await?" + a.query() + "&parties=1").statusCode() == 410;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
