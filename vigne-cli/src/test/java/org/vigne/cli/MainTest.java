package org.vigne.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code vigne} command line through {@link Main#run}, with stdout and stderr captured. */
class MainTest {
    /** Keys every {@code vigne sim overlay --json} line must carry (scripts and plots read them). */
    private static final List<String> JSON_KEYS = List.of("nodes", "seed", "simulatedSeconds", "lookups", "delivered",
            "consistent", "consistency", "meanHops", "p99Hops", "meanLatencyMs", "p99LatencyMs",
            "maintenanceBytesPerNodePerSec", "joins", "crashes", "leaves", "convergeSimSeconds",
            "convergeWallSeconds", "heapMiB", "wallSeconds", "events", "eventsPerSecond");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private List<String> lines(ByteArrayOutputStream s) {
        String text = s.toString(UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    @ParameterizedTest(name = "vigne {0}")
    @ValueSource(strings = {
        "sim overlay --nodes x",
        "sim overlay --churn bogus",
        "sim overlay --duration 5",
        "sim overlay --duration 0s",
        "sim overlay --nodes 0",
        "sim overlay --loss 1.5",
        "sim overlay --loss NaN --nodes 5 --duration 10s",
        "sim overlay --lookups NaN --nodes 5 --duration 10s",
        "sim overlay --lookups -1",
        "sim overlay --duplication 1",
        "sim dht --duplication -0.5 --nodes 5",
        "sim overlay --churn exp:0s",
        "sim overlay --churn trace:/nonexistent/vigne-trace.csv",
        "sim overlay --leaf-set 3 --nodes 5",
        "sim overlay --leave-fraction 2 --nodes 5 --duration 1s",
        "sim overlay --no-such-flag",
        "sim overlay extra-argument",
        "sim overlay --join-interval 0s --nodes 5",
        "sim overlay --join-interval 0us --nodes 5",
        "sim overlay --join-interval 5xs --nodes 5",
        "local --state-dir /nonexistent/vigne-local --heartbeat 0s",
        "local --state-dir /nonexistent/vigne-local --table-probe-min 0s",
        "local --state-dir /nonexistent/vigne-local --table-probe-max 5s",
        "local --state-dir /nonexistent/vigne-local --dead-entry-target 1",
        "node --listen 127.0.0.1:0 --secret-file /nonexistent/secret --leaf-probe 0s",
        "node --listen 127.0.0.1:0 --secret-file /nonexistent/secret --missed-probes 0",
        "sim data --protocol bogus",
        "sim data --writers 0",
        "sim data --readers 5 --nodes 3",
        "sim data --policy maybe",
        "sim data --loops -1",
        "sim data --nodes 5 --readers 1 --loops 1 --history /nonexistent/vigne/history.jsonl"})
    void badArguments_exitNonZero_withExactlyOneLineOnStderr(String commandLine) {
        int code = Main.run(commandLine.split(" "));
        assertThat(code).as("exit code of '%s'", commandLine).isNotZero();
        assertThat(lines(err)).as("stderr of '%s'", commandLine).hasSize(1)
                .first().asString().startsWith("vigne: ");
        assertThat(lines(out)).as("stdout of '%s'", commandLine).isEmpty();
    }

    @Test
    void simOverlayJson_printsOneJsonObjectWithEveryFigure_onTheLastLine() throws Exception {
        String[] args = {"sim", "overlay", "--nodes", "50", "--duration", "60s", "--json"};
        int code = Main.run(args);
        assertThat(code).as("exit code; stderr: %s", err.toString(UTF_8)).isZero();
        List<String> stdout = lines(out);
        assertThat(stdout).isNotEmpty();
        JsonNode json = new ObjectMapper().readTree(stdout.get(stdout.size() - 1));
        assertThat(json.isObject()).as("last line is a JSON object: %s", stdout.get(stdout.size() - 1)).isTrue();
        for (String key : JSON_KEYS) {
            assertThat(json.has(key)).as("key %s in %s", key, json).isTrue();
            assertThat(json.get(key).isNumber()).as("%s is a number in %s", key, json).isTrue();
        }
        assertThat(json.get("nodes").asInt()).isEqualTo(50);
        assertThat(json.get("seed").asLong()).isEqualTo(1);
        assertThat(json.get("simulatedSeconds").asDouble()).isEqualTo(60.0);
        assertThat(json.get("lookups").asLong()).isPositive();
        assertThat(json.get("consistency").asDouble()).isBetween(0.0, 1.0);
    }

    /** Keys every {@code vigne sim data --json} line must carry (issue 12 plots the paper's Fig. 4 from them). */
    private static final List<String> DATA_JSON_KEYS = List.of("readers", "writers", "loops", "loopsCompleted",
            "simulatedSeconds", "accesses", "meanAccessLatencyMs", "p99AccessLatencyMs", "messagesPerAccess",
            "routedMessagesPerAccess", "restarts", "failuresInjected", "historyOps", "linearizabilityViolations",
            "maxCopyEntries", "wallSeconds");

    @Test
    void simDataJson_printsEveryFigure_andWritesTheHistory(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("h.jsonl");
        int code = Main.run("sim", "data", "--nodes", "30", "--readers", "4", "--loops", "5", "--protocol", "stat",
                "--json", "--history", history.toString());
        assertThat(code).as("exit code; stderr: %s", err.toString(UTF_8)).isZero();
        List<String> stdout = lines(out);
        JsonNode json = new ObjectMapper().readTree(stdout.get(stdout.size() - 1));
        for (String key : DATA_JSON_KEYS) {
            assertThat(json.get(key)).as("key %s in %s", key, json).isNotNull();
            assertThat(json.get(key).isNumber()).as("%s is a number in %s", key, json).isTrue();
        }
        assertThat(json.get("protocol").asText()).isEqualTo("stat");
        assertThat(json.get("loopsCompleted").asInt()).isEqualTo(5);
        assertThat(json.get("linearizabilityViolations").asInt()).isZero();
        assertThat(json.get("loopsByMinute").isArray()).isTrue();
        List<String> ops = Files.readAllLines(history);
        assertThat(ops).hasSize(json.get("historyOps").asInt());
        JsonNode first = new ObjectMapper().readTree(ops.get(0));
        assertThat(first.get("process").asText()).isEqualTo("restart");
        assertThat(first.get("object").asText()).isEqualTo("x@0");
        JsonNode write = new ObjectMapper().readTree(ops.get(1));
        assertThat(write.get("process").asText()).isEqualTo("w0");
        assertThat(write.get("op").asText()).isEqualTo("write");
        assertThat(write.get("return").asDouble()).isGreaterThanOrEqualTo(write.get("call").asDouble());
    }

    @ParameterizedTest(name = "vigne {0}")
    @ValueSource(strings = {"--heartbeat 0s", "--leaf-probe 0s", "--table-probe-min 0s", "--dead-entry-target 0",
        "--missed-probes 0"})
    void settingsThatWouldSwitchFailureDetectionOff_areRefusedAtStart_namingTheOption(String setting) {
        String[] args = ("local --state-dir /nonexistent/vigne-local " + setting).split(" ");
        assertThat(Main.run(args)).isNotZero();
        assertThat(lines(err)).hasSize(1).first().asString().startsWith("vigne: " + setting.split(" ")[0] + " ");
    }

    @Test
    void simOverlayHelp_listsItsOptions_andExitsZero() {
        assertThat(Main.run("sim", "overlay", "--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("--nodes", "--duration", "--churn", "--lookups", "--loss", "--seed",
                "--json", "--leaf-set", "--leave-fraction", "--duplication", "--no-reordering");
        assertThat(lines(err)).isEmpty();
    }
}
