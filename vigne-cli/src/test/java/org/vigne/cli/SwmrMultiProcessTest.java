package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.client.Vigne;

/**
 * {@code examples/swmr.yaml}, CI-sized (1 writer + 2 readers, 10 loops), on four real
 * {@code vigne node} processes, one component per node: once a coordinated checkpoint round is
 * committed, the node of a reader is killed with kill -9. The application restarts from its last
 * round and completes, and every reader's output holds every loop's value exactly as the writer
 * wrote it, each loop once. The components' recorded histories of the shared object (the final
 * incarnations', so the last epoch's, from the loop it restarted at) are complete and linearizable
 * by {@code vigne check-history}.
 */
class SwmrMultiProcessTest {
    private static final int NODES = 4;
    private static final int COMPONENTS = 3;
    private static final int LOOPS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void killAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killNineOfAReadersNode_midRun_everyReaderReadsEveryLoopsValueOnce_afterARestartFromTheLastRound() throws Exception {
        ProcessGrid.start(dir, NODES, Duration.ofSeconds(120), nodes);
        ControlClient client = nodes.get(0).client().orElseThrow();
        long started = System.nanoTime();
        String id = submit(client);

        Poll.until("round 3 of " + id + " is committed", Duration.ofSeconds(120), () -> status(client, id)
                .map(s -> s.path("committedRound").asInt() >= 3).orElse(false));
        JsonNode before = status(client, id).orElseThrow();
        String victimAddress = before.path("components").get(1).path("node").asText();
        NodeProcess victim = nodes.stream().filter(n -> n.listen().toString().equals(victimAddress)).findFirst().orElseThrow();
        ControlClient asker = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow().client().orElseThrow();
        victim.kill();
        System.out.println("killed -9 the node of reader 1 (" + victimAddress + ") at round "
                + before.path("committedRound").asInt());

        Poll.until(id + " completes", Duration.ofSeconds(200), () -> status(asker, id)
                .map(s -> s.path("state").asText().matches("COMPLETED|FAILED|KILLED")).orElse(false));
        JsonNode done = status(asker, id).orElseThrow();
        System.out.printf("swmr %s: %s in %d ms, %d restarts%n", id, done.path("state").asText(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), done.path("restarts").asInt());
        assertThat(done.path("state").asText()).as("%s (%s)", id, done.path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("restarts").asInt()).as("the kill restarted the application").isPositive();

        JsonNode out = JSON.readTree(asker.send("GET", "/apps/" + id + "/output", null).body());
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < LOOPS; k++) {
            expected.add(k + " value of loop " + k);
        }
        boolean resumedFromACheckpoint = false;
        int operations = 0;
        List<String> histories = new ArrayList<>(List.of("check-history"));
        for (int c = 0; c < COMPONENTS; c++) {
            List<String> lines = new String(output(out, c, "swmr.txt"), StandardCharsets.UTF_8).lines().toList();
            System.out.println("component " + c + ": " + lines);
            List<String> values = lines.stream().filter(l -> !l.startsWith("start ")).toList();
            assertThat(values).as("component %d: every loop's value, as written, once", c).containsExactlyElementsOf(expected);
            resumedFromACheckpoint |= lines.stream().anyMatch(l -> l.matches("start [1-9][0-9]* incarnation [1-9][0-9]*"));
            String lastStart = lines.get(lines.size() - 1);
            operations += LOOPS - Integer.parseInt(lastStart.split(" ")[1]);
            Path history = Files.write(dir.resolve("history-" + c + ".jsonl"), output(out, c, "history.jsonl"));
            histories.add(history.toString());
        }
        assertThat(resumedFromACheckpoint).as("a restarted incarnation resumed from a checkpoint, not from loop 0").isTrue();

        CliRun check = CliRun.vigne(histories.toArray(String[]::new));
        System.out.println("vigne " + String.join(" ", histories) + "\n" + check.out() + check.err());
        assertThat(check.code()).as("the last epoch's history is linearizable:%n%s%s", check.out(), check.err()).isZero();
        assertThat(check.out()).as("one operation per component and loop since the last start")
                .contains(": 1 object, " + operations + " operations from " + COMPONENTS + " files");
    }

    /** Submits examples/swmr.yaml with 3 components of 10 loops, each asking for every slot of a node. */
    private String submit(ControlClient client) throws IOException, URISyntaxException {
        Path examples = DemoCommand.findExample().getParent();
        String spec = Files.readString(examples.resolve("swmr.yaml"), StandardCharsets.UTF_8)
                .replace("count: 8 ", "count: " + COMPONENTS + " ")
                .replace("'20', '8', '100'", "'" + LOOPS + "', '" + COMPONENTS + "', '200'")
                .replace("slots: 1", "slots: " + Runtime.getRuntime().availableProcessors());
        assertThat(spec).contains("count: " + COMPONENTS + " ").contains("'" + LOOPS + "', '" + COMPONENTS + "'");
        Map<String, String> inputs = Map.of(
                "swmr/Swmr.java", b64(Files.readAllBytes(examples.resolve("swmr/Swmr.java"))),
                "../vigne-client/target/vigne-client.jar", b64(clientJar()));
        ControlClient.Response r = client.send("POST", "/apps",
                JSON.writeValueAsBytes(Map.of("file", "swmr.yaml", "spec", spec, "inputs", inputs)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** The client library as a jar: the one Maven packaged, or its classes zipped (a build that stops at tests). */
    private static byte[] clientJar() throws IOException, URISyntaxException {
        Path where = Path.of(Vigne.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(where)) {
            return Files.readAllBytes(where);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(where)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(where.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Output file {@code name} of component {@code c}, from {@code GET /apps/ID/output}. */
    private static byte[] output(JsonNode outputs, int c, String name) {
        JsonNode files = outputs.path(Integer.toString(c));
        assertThat(files.path(name).isTextual()).as("component %d's %s among its outputs %s", c, name,
                String.join(", ", (Iterable<String>) files::fieldNames)).isTrue();
        JsonNode file = files.path(name);
        return Base64.getDecoder().decode(file.asText());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static Optional<JsonNode> status(ControlClient c, String id) {
        return c.poll("/apps/" + id);
    }
}
