package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.client.SharedObject;
import org.vigne.client.Vigne;
import org.vigne.data.DataCounters;
import org.vigne.net.exec.AppTokens;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.LocalGrid;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.LinearizabilityChecker;
import org.vigne.sim.check.Operation;

/**
 * Near copies through the Java client on a real local grid: components on the writers' node and
 * on another read one object through their near copies while two others write it; the recorded
 * history (every call and return on one monotonic clock) is checked by the linearizability checker,
 * and most reads were served without asking the node. A component that never answers a revocation
 * delays a write by about its lease, no more.
 */
class NearCopiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = """
            name: near
            components:
              count: 3
              template:
                command: [sleep, '600']
            policy: {type: none}
            """;

    @TempDir
    static Path state;

    private static LocalGrid grid;

    @BeforeAll
    static void startGrid() throws Exception {
        grid = LocalGrid.start(LocalGrid.Options.of(4, 0, state));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Poll.until("leaf sets converge", Duration.ofSeconds(30), grid::leafSetsConverged);
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    /** The application each test runs, killed after it so that its components free their slots. */
    private String app;

    @AfterEach
    void killApplication() throws Exception {
        if (app != null) {
            client().send("POST", "/apps/" + app + "/kill", null);
        }
    }

    private static String token(int node) {
        return DataDir.readControlToken(state.resolve("node-" + node)).orElseThrow();
    }

    private static ControlClient client() {
        return new ControlClient(grid.controlAddresses().get(0), token(0), "the test grid");
    }

    /** Submits the application and answers its id once its components run, with the nodes hosting them. */
    private String run(List<Integer> hosts) throws Exception {
        ControlClient c = client();
        byte[] submission = JSON.writeValueAsBytes(Map.of("file", "near.yaml", "spec", SPEC, "inputs", Map.of()));
        String id = JSON.readTree(c.send("POST", "/apps", submission).body()).path("id").asText();
        app = id;
        Poll.until(id + " runs", Duration.ofSeconds(60), () -> {
            try {
                JsonNode s = JSON.readTree(c.send("GET", "/apps/" + id, null).body());
                for (JsonNode comp : s.path("components")) {
                    if (!comp.path("phase").asText().equals("RUNNING")) {
                        return false;
                    }
                }
                hosts.clear();
                for (JsonNode comp : s.path("components")) {
                    for (int i = 0; i < grid.nodes().size(); i++) {
                        if (grid.nodes().get(i).self().address().equals(comp.path("node").asText()) && !hosts.contains(i)) {
                            hosts.add(i);
                        }
                    }
                }
                return s.path("components").size() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        return id;
    }

    private static Vigne connect(int node, String app) {
        HostPort control = grid.controlAddresses().get(node);
        return Vigne.connect(control.toString(), app, new AppTokens(token(node)).tokenFor(app));
    }

    private static DataCounters counters(int node) throws Exception {
        GridNode g = grid.nodes().get(node);
        return g.net().call(() -> g.objects().counters()).get(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void readersOnTheWritersNodesAndOthers_readThroughNearCopies_historyLinearizable() throws Exception {
        List<Integer> hosts = new ArrayList<>();
        String id = run(hosts);
        long origin = System.nanoTime();
        List<Operation> history = Collections.synchronizedList(new ArrayList<>());
        List<Vigne> clients = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<Integer>> done = new ArrayList<>();
        try {
            int p = 0;
            for (int h : hosts) {
                for (int k = 0; k < 2; k++) {
                    Vigne v = connect(h, id);
                    clients.add(v);
                    String process = "reader" + p++ + "@node" + h;
                    done.add(pool.submit(() -> readLoop(v.object("x"), process, origin, history, 1500)));
                }
            }
            // Both writers on the first host: its readers share their node, the others read from theirs.
            for (int w = 0; w < 2; w++) {
                int h = hosts.get(0);
                Vigne v = connect(h, id);
                clients.add(v);
                String process = "writer" + w + "@node" + h;
                done.add(pool.submit(() -> writeLoop(v.object("x"), process, origin, history, 60)));
            }
            for (Future<Integer> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Vigne::close);
        }
        long nodeAccesses = 0;
        long granted = 0;
        long revoked = 0;
        for (int h : hosts) {
            DataCounters c = counters(h);
            nodeAccesses += c.accesses;
            granted += c.leasesGranted;
            revoked += c.leaseRevocations;
        }
        long reads = history.stream().filter(o -> o.kind() == Operation.Kind.READ).count();
        System.out.printf("near copies on %s: %d operations (%d reads), node accesses %d, leases %d, revocations %d%n",
                hosts, history.size(), reads, nodeAccesses, granted, revoked);
        // An object holds the empty value until first written.
        CheckReport r = new LinearizabilityChecker().withInitialValue(new byte[0]).check(history);
        assertThat(r.linearizable()).as("history of %d operations linearizable\n%s", history.size(), r.describe()).isTrue();
        assertThat(granted).as("leases lent to the readers").isPositive();
        assertThat(revoked).as("near copies revoked by the writes").isPositive();
        assertThat(nodeAccesses).as("most reads never reached a node").isLessThan(reads / 2);
    }

    /**
     * A component holding a lease that never answers revocations (a raw WebSocket session that
     * ignores them) delays another component's write by about its lease, never longer.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLeaseholderThatNeverAcknowledges_delaysAWriteByAtMostItsLease() throws Exception {
        List<Integer> hosts = new ArrayList<>();
        String id = run(hosts);
        int a = hosts.get(0);
        int b = hosts.get(hosts.size() - 1);
        String token = new AppTokens(token(a)).tokenFor(id);
        HostPort control = grid.controlAddresses().get(a);
        CompletableFuture<String> hello = new CompletableFuture<>();
        List<String> revocations = Collections.synchronizedList(new ArrayList<>());
        HttpClient http = HttpClient.newHttpClient();
        WebSocket stuck = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://" + control + "/apps/" + id + "/near"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        String line = data.toString();
                        if (!hello.complete(line)) {
                            revocations.add(line);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        String session = hello.get(10, TimeUnit.SECONDS).split(" ")[1];
        try (Vigne writer = connect(b, id)) {
            writer.object("x").writeString("1");
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + control + "/apps/" + id + "/objects/x"))
                    .header("Authorization", "Bearer " + token).header("X-Vigne-Session", session).build();
            HttpResponse<String> leased = null;
            long leasedReadSentNanos = 0;
            for (int i = 0; i < 20 && (leased == null || leased.headers().firstValue("X-Vigne-Lease").isEmpty()); i++) {
                // The node starts the lease between this instant and the answer's arrival: the
                // write can only be sure to end a lease after it, counted from the request's send.
                leasedReadSentNanos = System.nanoTime();
                leased = http.send(get, HttpResponse.BodyHandlers.ofString());
            }
            assertThat(leased.body()).isEqualTo("1");
            String lease = leased.headers().firstValue("X-Vigne-Lease").orElseThrow();
            long leaseMs = Long.parseLong(lease.substring(lease.indexOf('/') + 1));

            long start = System.nanoTime();
            writer.object("x").writeString("2");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long sinceLeasedReadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leasedReadSentNanos);
            System.out.printf("stuck leaseholder (lease %s): write took %d ms, %d ms after the leased read was sent; revocations %s%n",
                    lease, tookMs, sinceLeasedReadMs, revocations);
            assertThat(revocations).as("the stuck session was asked to drop its copy").isNotEmpty();
            assertThat(sinceLeasedReadMs).as("the write waited for the lease").isGreaterThanOrEqualTo(leaseMs);
            assertThat(tookMs).as("but not much longer").isLessThan(leaseMs + 1_000);
            assertThat(counters(a).leasesExpired).as("the lease was waited out").isPositive();
        } finally {
            stuck.abort();
        }
    }

    /** A client that closes says it dropped its copies: a write then never waits for its lease. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aClosedClient_isNotWaitedFor() throws Exception {
        List<Integer> hosts = new ArrayList<>();
        String id = run(hosts);
        int a = hosts.get(0);
        try (Vigne writer = connect(hosts.get(hosts.size() - 1), id)) {
            writer.object("x").writeString("1");
            long granted = counters(a).leasesGranted;
            Vigne reader = connect(a, id);
            for (int i = 0; i < 200 && counters(a).leasesGranted == granted; i++) {
                assertThat(reader.object("x").readString()).isEqualTo("1");
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertThat(counters(a).leasesGranted).as("the reader was lent the value").isGreaterThan(granted);
            reader.close();
            long expired = counters(a).leasesExpired;
            writer.object("x").writeString("2");
            DataCounters after = counters(a);
            System.out.printf("closed client: revocations %d, expired %d -> %d%n", after.leaseRevocations, expired,
                    after.leasesExpired);
            assertThat(after.leasesExpired).as("no lease of the closed client was waited out").isEqualTo(expired);
        }
    }

    private static double ms(long origin) {
        return (System.nanoTime() - origin) / 1e6;
    }

    private static int readLoop(SharedObject x, String process, long origin, List<Operation> history, int count) {
        for (int i = 0; i < count; i++) {
            double call = ms(origin);
            byte[] v = x.read();
            history.add(Operation.read(process, "x", v, call, ms(origin)));
            if (i % 8 == 0) {
                sleepMicros(200);
            }
        }
        return count;
    }

    private static int writeLoop(SharedObject x, String process, long origin, List<Operation> history, int count) {
        for (int i = 0; i < count; i++) {
            byte[] v = (process + " " + i).getBytes(StandardCharsets.UTF_8);
            double call = ms(origin);
            x.write(v);
            history.add(Operation.write(process, "x", v, call, ms(origin)));
            sleepMicros(5_000);
        }
        return count;
    }

    private static void sleepMicros(long us) {
        try {
            TimeUnit.MICROSECONDS.sleep(us);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
