package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigne.cli.CliRun.vigne;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.LocalGrid;
import org.vigne.net.node.SecretFile;
import org.vigne.net.node.VigneHome;

/** The commands that talk to a running grid, against a local grid in this JVM; and their error lines. */
class CommandsTest {
    @TempDir
    static Path home;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalGrid grid;

    @BeforeAll
    static void startGrid() throws Exception {
        System.setProperty("vigne.home", home.toString());
        grid = LocalGrid.start(LocalGrid.Options.of(4, 0, VigneHome.localGridDir()));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Poll.until("leaf sets converge", Duration.ofSeconds(30), grid::leafSetsConverged);
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
        System.clearProperty("vigne.home");
    }

    @Test
    void nodes_listsEveryNodeOfTheLocalGrid() {
        CliRun r = vigne("nodes");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(5).first().asString().startsWith("NODE");
        assertThat(r.out()).contains(grid.nodes().get(3).self().address()).contains("JOINED").contains("default=");
        CliRun json = vigne("nodes", "--json", "--node", grid.controlAddresses().get(1).toString());
        assertThat(json.out()).startsWith("[{\"id\":\"" + grid.nodes().get(1).self().id());
    }

    @Test
    void logsFollow_streamsAComponentsOutput_untilItEnds() {
        CliRun submitted = vigne("submit", "--name", "talk", "--count", "1", "--policy", "none", "--", "sh", "-c",
                "echo first; sleep 2; echo second");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String id = submitted.out().strip();

        CliRun followed = vigne("logs", id, "--follow");

        assertThat(followed.code()).as(followed.err()).isZero();
        assertThat(followed.out()).isEqualTo("first\nsecond\n");
        CliRun where = vigne("logs", id, "--where");
        assertThat(where.out()).startsWith("component 0 incarnation 0 on ");
    }

    @Test
    void checkpoint_fromInsideAComponent_withTheNodesOwnVigneCommand_isStored_andTheComponentGoesOn() throws Exception {
        Path spec = home.resolve("ckpt.yaml");
        Files.writeString(spec, "name: ckpt\ncomponents:\n  - command: [sh, -c, 'echo 7 > \"$VIGNE_CHECKPOINT_DIR/state\";"
                + " vigne checkpoint && echo went on']\n"
                + "policy: {type: none}\n");
        String id = vigne("submit", spec.toString()).out().strip();

        CliRun followed = vigne("logs", id, "--follow");

        assertThat(followed.out()).as(followed.err()).isEqualTo("checkpoint 1 taken\nwent on\n");
        CliRun status = vigne("status", id, "--json");
        assertThat(status.out()).contains("\"state\":\"COMPLETED\"").contains("\"checkpoints\":1")
                .contains("\"exitCode\":0");
    }

    @Test
    void anApplicationsToken_opensOnlyItsOwnCheckpointEndpoint() throws Exception {
        String token = new org.vigne.net.exec.AppTokens(DataDir.readControlToken(
                VigneHome.localGridDir().resolve("node-0")).orElseThrow()).tokenFor("one-00000000");
        ControlClient asOne = new ControlClient(grid.controlAddresses().get(0), token, "test");

        assertThatThrownBy(() -> asOne.send("GET", "/apps", null)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("opens only its application's objects (/apps/APP/objects/NAME), barriers and semaphores")
                .hasMessageContaining("and POST /apps/APP/checkpoint");
        assertThatThrownBy(() -> asOne.send("POST", "/apps/two-00000000/checkpoint?component=0&incarnation=0", null))
                .isInstanceOf(CliFailure.class).hasMessageContaining("does not open application two-00000000");
        ControlClient.Response own = asOne.send("POST", "/apps/one-00000000/checkpoint?component=0&incarnation=0", null);
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.text()).contains("does not run on this node");
    }

    @Test
    void putGetRm_roundTrip() {
        assertThat(vigne("dht", "put", "default", "hello", "world").out()).isEqualTo("stored hello in default\n");
        assertThat(vigne("dht", "get", "default", "hello").out()).isEqualTo("world\n");
        Path node2 = VigneHome.localGridDir().resolve("node-2");
        assertThat(vigne("dht", "get", "default", "hello", "--data-dir", node2.toString()).out()).isEqualTo("world\n");
        assertThat(vigne("dht", "rm", "default", "hello").out()).isEqualTo("removed hello from default\n");

        CliRun gone = vigne("dht", "get", "default", "hello");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("vigne: no value for key 'hello' in DHT 'default'");
    }

    @Test
    void unknownDht_andValueOverTheLimit_areOneLineErrors() {
        CliRun unknown = vigne("dht", "get", "nosuch", "k");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("vigne: unknown DHT 'nosuch' (this node has: default)");

        int max = grid.nodes().get(0).settings().dht().maxValueBytes();
        CliRun big = vigne("dht", "put", "default", "big", "x".repeat(max + 1));
        assertThat(big.code()).isEqualTo(1);
        assertThat(big.err()).isEqualTo("vigne: value of " + (max + 1) + " bytes is over the limit of " + max + " bytes");
    }

    @Test
    void wrongToken_isReportedWithWhereItCameFrom() throws Exception {
        Path dir = Files.createTempDirectory(home, "copy");
        Files.writeString(dir.resolve(DataDir.CONTROL_TOKEN), "not-the-token\n");

        CliRun r = vigne("nodes", "--node", grid.controlAddresses().get(0).toString(), "--data-dir", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigne: the control API at " + grid.controlAddresses().get(0) + " refused the token from "
                + dir.resolve(DataDir.CONTROL_TOKEN) + ": wrong control token (was the node restarted with another data dir?)");
    }

    @Test
    void stoppedNode_isUnreachable() throws Exception {
        int port = FreePorts.take(1).get(0);
        Path dir = VigneHome.localGridDir().resolve("node-0");

        CliRun r = vigne("nodes", "--node", "127.0.0.1:" + port, "--data-dir", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigne: cannot reach the control API at 127.0.0.1:" + port
                + ": connection refused — is the node running?");
    }

    @Test
    void missingToken_andNoGrid_areExplained() throws Exception {
        Path empty = Files.createTempDirectory(home, "empty");
        CliRun r = vigne("dht", "get", "default", "k", "--data-dir", empty.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigne: no control token in " + empty.resolve(DataDir.CONTROL_TOKEN)
                + ": is a node running with --data-dir " + empty + "?");

        System.setProperty("vigne.home", empty.toString());
        try {
            CliRun none = vigne("nodes");
            assertThat(none.code()).isEqualTo(1);
            assertThat(none.err()).isEqualTo(
                    "vigne: no local grid is running (start one with 'vigne local'); or give --node HOST:PORT or --data-dir DIR");
        } finally {
            System.setProperty("vigne.home", home.toString());
        }
    }

    @Test
    void secretNew_writesASecretOnlyItsOwnerReads_andNeverReplacesOne() throws Exception {
        Path secret = home.resolve("new.secret");

        CliRun r = vigne("secret", "new", secret.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote a new secret to " + secret + " (mode 0600)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(SecretFile.read(secret)).isNotNull();
        CliRun again = vigne("secret", "new", secret.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("vigne: " + secret + " exists already: remove it first to replace the secret");
    }

    @Test
    void tokenGoesToLoopbackOnly_whateverTheControlAddressFileSays() throws Exception {
        Path dir = Files.createTempDirectory(home, "lured");
        Files.writeString(dir.resolve(DataDir.CONTROL_TOKEN), "a-token\n");
        Files.writeString(dir.resolve(DataDir.CONTROL_ADDRESS), "10.1.2.3:7401\n");

        CliRun r = vigne("nodes", "--data-dir", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigne: refusing to send the control token from " + dir.resolve(DataDir.CONTROL_TOKEN)
                + " to 10.1.2.3:7401: not a loopback address (a control API listens on loopback only)");
    }

    @Test
    void dataDirOthersCanWrite_isNotTrusted() throws Exception {
        Path dir = Files.createTempDirectory(home, "open");
        Files.writeString(dir.resolve(DataDir.CONTROL_TOKEN), "a-token\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        CliRun r = vigne("nodes", "--node", grid.controlAddresses().get(0).toString(), "--data-dir", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigne: data dir " + dir + " is writable by other users (mode 0777), "
                + "so its files cannot be trusted: chmod 700 " + dir);
    }

    @Test
    void busyPort_andMissingSecret_areOneLineErrors() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRun local = vigne("local", "--nodes", "2", "--base-port", Integer.toString(port),
                    "--state-dir", home.resolve("other-grid").toString());
            assertThat(local.code()).isEqualTo(1);
            assertThat(local.err()).isEqualTo("vigne: port " + port + " on 127.0.0.1 is already in use: choose another --base-port");

            Path secret = home.resolve("secret");
            assertThat(vigne("secret", "new", secret.toString()).code()).isZero();
            CliRun node = vigne("node", "--listen", "127.0.0.1:" + port, "--secret-file", secret.toString(),
                    "--data-dir", home.resolve("n").toString());
            assertThat(node.code()).isEqualTo(1);
            assertThat(node.err()).isEqualTo("vigne: port " + port + " on 127.0.0.1 is already in use: choose another --listen port");
        }
        CliRun noSecret = vigne("node", "--listen", "127.0.0.1:0", "--secret-file", home.resolve("none").toString(),
                "--data-dir", home.resolve("n").toString());
        assertThat(noSecret.code()).isEqualTo(2);
        assertThat(noSecret.err()).startsWith("vigne: secret file " + home.resolve("none") + " does not exist");
    }

    /** The status of {@code id} as JSON, or null while it cannot be read. */
    private static JsonNode status(String id) {
        try {
            CliRun r = vigne("status", id, "--json");
            return r.code() == 0 ? JSON.readTree(r.out()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void object_putGetCas_throughTheNodeOfAComponent_andOneLineErrors() {
        CliRun submitted = vigne("submit", "--name", "objs", "--count", "1", "--policy", "none", "--", "sleep", "300");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String id = submitted.out().strip();
        Poll.until("the component runs", Duration.ofSeconds(60), () -> {
            JsonNode s = status(id);
            return s != null && s.path("components").get(0).path("phase").asText().equals("RUNNING");
        });
        String host = status(id).path("components").get(0).path("node").asText();
        int i = 0;
        while (!grid.nodes().get(i).self().address().equals(host)) {
            i++;
        }
        String node = grid.controlAddresses().get(i).toString();

        assertThat(vigne("object", "put", id, "counter", "1", "--node", node).out()).isEqualTo("wrote counter of " + id + "\n");
        assertThat(vigne("object", "get", id, "counter", "--node", node).out()).isEqualTo("1\n");
        assertThat(vigne("object", "cas", id, "counter", "1", "2", "--node", node).out())
                .isEqualTo("swapped counter of " + id + "\n");
        CliRun lost = vigne("object", "cas", id, "counter", "1", "3", "--node", node);
        assertThat(lost.code()).isEqualTo(1);
        assertThat(lost.out()).isEqualTo("not swapped: counter holds 2\n");

        String other = grid.controlAddresses().get((i + 1) % grid.nodes().size()).toString();
        CliRun elsewhere = vigne("object", "get", id, "counter", "--node", other);
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).startsWith("vigne: application " + id + " runs no component on this node");
        CliRun unknown = vigne("object", "get", "nothing-00000000", "x", "--node", node);
        assertThat(unknown.err()).isEqualTo("vigne: no application nothing-00000000");
        vigne("kill", id);
    }

    @Test
    void sync_barrierAndSemaphore_asComponentProcesses_andOneLineErrors() throws Exception {
        CliRun submitted = vigne("submit", "--name", "phases", "--count", "2", "--policy", "none", "--", "sleep", "300");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String id = submitted.out().strip();
        Poll.until("the components run", Duration.ofSeconds(60), () -> {
            JsonNode s = status(id);
            return s != null && s.path("components").get(0).path("phase").asText().equals("RUNNING")
                    && s.path("components").get(1).path("phase").asText().equals("RUNNING");
        });
        String[][] as = new String[2][];
        for (int c = 0; c < 2; c++) {
            JsonNode comp = status(id).path("components").get(c);
            int i = 0;
            while (!grid.nodes().get(i).self().address().equals(comp.path("node").asText())) {
                i++;
            }
            as[c] = new String[] {"--component", Integer.toString(c), "--incarnation", comp.path("incarnation").asText(),
                "--node", grid.controlAddresses().get(i).toString()};
        }

        java.util.concurrent.CompletableFuture<CliRun> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> vigne(concat(new String[] {"sync", "barrier", id, "phase", "--parties", "2"}, as[0])));
        CliRun second = vigne(concat(new String[] {"sync", "barrier", id, "phase", "--parties", "2"}, as[1]));
        assertThat(second.out()).as(second.err()).isEqualTo("released phase generation 0\n");
        assertThat(first.get(60, TimeUnit.SECONDS).out()).isEqualTo("released phase generation 0\n");

        assertThat(vigne(concat(new String[] {"sync", "declare", id, "lock", "--permits", "1"}, as[0])).out())
                .isEqualTo("declared lock with 1 permit\n");
        assertThat(vigne(concat(new String[] {"sync", "acquire", id, "lock"}, as[0])).out()).isEqualTo("acquired 1 of lock\n");
        CliRun beyond = vigne(concat(new String[] {"sync", "release", id, "lock", "--permits", "2"}, as[0]));
        assertThat(beyond.code()).isEqualTo(1);
        assertThat(beyond.err()).isEqualTo("vigne: semaphore lock: process 0 holds 1 permit of semaphore \"lock\"; cannot release 2");
        CliRun status = vigne("sync", "status", id, "--json");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"lock\":{\"seq\":2,\"held\":1,\"waiting\":false}");
        CliRun anonymous = vigne("sync", "barrier", id, "phase", "--parties", "2");
        assertThat(anonymous.err()).isEqualTo("vigne: which process? give --component (inside a component, VIGNE_COMPONENT says)");
        vigne("kill", id);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
