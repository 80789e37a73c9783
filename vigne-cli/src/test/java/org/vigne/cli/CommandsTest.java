package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigne.cli.CliRun.vigne;

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
}
