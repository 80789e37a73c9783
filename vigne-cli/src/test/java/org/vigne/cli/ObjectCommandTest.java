package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.node.LocalGrid;
import org.vigne.net.node.VigneHome;

/** {@code vigne object get|put|cas} against a local grid in this JVM running a sleeping component. */
class ObjectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static LocalGrid grid;

    private record Run(int code, String out, String err) {
    }

    private static Run vigne(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString().strip());
    }

    @BeforeAll
    static void startGrid() throws Exception {
        System.setProperty("vigne.home", home.toString());
        grid = LocalGrid.start(LocalGrid.Options.of(2, 0, VigneHome.localGridDir()));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Poll.until("leaf sets converge", Duration.ofSeconds(30), grid::leafSetsConverged);
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
        System.clearProperty("vigne.home");
    }

    /** The status of {@code id} as JSON, or null while it cannot be read. */
    private static JsonNode status(String id) {
        try {
            Run r = vigne("status", id, "--json");
            return r.code() == 0 ? JSON.readTree(r.out()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void putGetCas_throughTheNodeOfAComponent_andOneLineErrors() {
        Run submitted = vigne("submit", "--name", "objs", "--count", "1", "--policy", "none", "--", "sleep", "300");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String id = submitted.out().strip();
        Poll.until("the component runs", Duration.ofSeconds(60), () -> {
            JsonNode s = status(id);
            return s != null && s.path("components").get(0).path("phase").asText().equals("RUNNING");
        });
        String host = status(id).path("components").get(0).path("node").asText();
        int i = grid.nodes().get(0).self().address().equals(host) ? 0 : 1;
        String node = grid.controlAddresses().get(i).toString();

        assertThat(vigne("object", "put", id, "counter", "1", "--node", node).out()).isEqualTo("wrote counter of " + id + "\n");
        assertThat(vigne("object", "get", id, "counter", "--node", node).out()).isEqualTo("1\n");
        assertThat(vigne("object", "cas", id, "counter", "1", "2", "--node", node).out())
                .isEqualTo("swapped counter of " + id + "\n");
        Run lost = vigne("object", "cas", id, "counter", "1", "3", "--node", node);
        assertThat(lost.code()).isEqualTo(1);
        assertThat(lost.out()).isEqualTo("not swapped: counter holds 2\n");

        Run elsewhere = vigne("object", "get", id, "counter", "--node", grid.controlAddresses().get(1 - i).toString());
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).startsWith("vigne: application " + id + " runs no component on this node");
        Run unknown = vigne("object", "get", "nothing-00000000", "x", "--node", node);
        assertThat(unknown.err()).isEqualTo("vigne: no application nothing-00000000");
        vigne("kill", id);
    }
}
