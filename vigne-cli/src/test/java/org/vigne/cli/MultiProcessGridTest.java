package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.SecretFile;

/**
 * Real {@code vigne node} processes on loopback: 200 keys with r = 3 survive the loss of two of
 * five nodes, one killed (kill -9: its connections reset) and one paused (kill -STOP: silence
 * only, which heartbeats must catch), and a node that joins afterwards takes its share of the keys.
 */
class MultiProcessGridTest {
    private static final int NODES = 5;
    private static final int KEYS = 200;

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void killAll() throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    @Test
    // Each phase has its own bound below; the whole test took 61-85 s at load 15-23 (six JVMs
    // starting on 2 cores), so 150 s was exceeded at load 40-50. Same limit as the other multi-process tests.
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void keysSurviveAKillNineAndAPausedNode_andANewNodeTakesItsShare() throws Exception {
        Path secret = dir.resolve("secret");
        SecretFile.create(secret);
        List<Integer> ports = FreePorts.take(2 * (NODES + 1));
        HostPort first = new HostPort("127.0.0.1", ports.get(0));
        nodes.add(launch(0, ports, List.of(), secret));
        awaitJoined(nodes.get(0));
        for (int i = 1; i < NODES; i++) {
            nodes.add(launch(i, ports, List.of(first), secret));
        }
        Poll.until("all " + NODES + " nodes see each other in their leaf sets", Duration.ofSeconds(60),
                () -> NodeProcess.leafSetsExact(nodes));

        ControlClient client = nodes.get(0).client().orElseThrow();
        for (int k = 0; k < KEYS; k++) {
            ControlClient.Response r = client.send("PUT", ControlClient.dhtPath("default", "key-" + k), value(k));
            assertThat(r.status()).as("put key-%d: %s", k, r.text()).isEqualTo(200);
        }
        assertThat(keysNotOnThreeNodes(nodes)).as("keys not held by exactly three nodes after the puts").isEmpty();

        nodes.get(1).kill();
        long pausedAt = System.nanoTime();
        nodes.get(3).pause();
        List<NodeProcess> live = List.of(nodes.get(0), nodes.get(2), nodes.get(4));
        Poll.until("the live nodes drop the killed and the paused node from their leaf sets", Duration.ofSeconds(30),
                () -> NodeProcess.leafSetsExact(live));
        System.out.printf("paused (SIGSTOP) node gone from every live leaf set %d ms after the pause%n",
                (System.nanoTime() - pausedAt) / 1_000_000);

        for (int k = 0; k < KEYS; k++) {
            String key = "key-" + k;
            ControlClient reader = live.get(k % live.size()).client().orElseThrow();
            ControlClient.Response[] last = new ControlClient.Response[1];
            Poll.until("read of " + key + " after the kills", Duration.ofSeconds(30), () -> {
                last[0] = reader.send("GET", ControlClient.dhtPath("default", key), null);
                return last[0].status() != 503 && last[0].status() != 504;
            });
            assertThat(last[0].status()).as("get %s: %s", key, last[0].text()).isEqualTo(200);
            assertThat(last[0].body()).as("value of %s", key).isEqualTo(value(k));
        }
        List<String> under = new ArrayList<>();
        Poll.within(Duration.ofSeconds(30), () -> {
            under.clear();
            under.addAll(keysNotOnThreeNodes(live));
            return under.isEmpty();
        });
        assertThat(under).as("keys not back on three live nodes 30 s after the kills").isEmpty();

        NodeProcess late = launch(NODES, ports, List.of(first), secret);
        nodes.add(late);
        awaitJoined(late);
        Poll.until("the new node holds a share of the keys", Duration.ofSeconds(40), () -> localKeys(late) > 0);
        assertThat(late.view().orElseThrow().path("leafSet").size()).isEqualTo(3);
    }

    private NodeProcess launch(int i, List<Integer> ports, List<HostPort> join, Path secret) {
        return NodeProcess.launch(new HostPort("127.0.0.1", ports.get(2 * i)), new HostPort("127.0.0.1", ports.get(2 * i + 1)),
                join, secret, dir.resolve("node-" + i));
    }

    private static byte[] value(int k) {
        return ("value of key " + k).getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitJoined(NodeProcess n) {
        Poll.until("node " + n.listen() + " joins; its output:\n" + n.output(), Duration.ofSeconds(60),
                () -> n.view().map(v -> v.path("state").asText().equals("JOINED")).orElse(false));
    }

    private static int localKeys(NodeProcess n) {
        return n.view().map(v -> v.path("dhts").get(0).path("localKeys").asInt()).orElse(-1);
    }

    /** Keys whose copy count on {@code group} is not three, with that count (every key, while a node cannot answer). */
    private static List<String> keysNotOnThreeNodes(List<NodeProcess> group) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            names.add("key-" + k);
        }
        int[] copies = NodeProcess.copiesPerKey(group, "default", names).orElse(null);
        if (copies == null) {
            return List.of("(a node did not report its copies)");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            if (copies[k] != 3) {
                out.add(names.get(k) + " on " + copies[k] + " nodes");
            }
        }
        return out;
    }
}
