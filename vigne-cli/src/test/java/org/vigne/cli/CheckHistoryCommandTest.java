package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigne check-history}: verdicts, exit codes and the explanation of a violation. */
class CheckHistoryCommandTest {
    /** "v1" and "v2" in base64. */
    private static final String V1 = "djE=";
    private static final String V2 = "djI=";

    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static String write(String process, String value, String call, String ret) {
        return "{\"process\":\"" + process + "\",\"object\":\"value\",\"op\":\"write\",\"input\":\"" + value
                + "\",\"output\":null,\"call\":" + call + ",\"return\":" + ret + "}";
    }

    private static String read(String process, String value, String call, String ret) {
        return "{\"process\":\"" + process + "\",\"object\":\"value\",\"op\":\"read\",\"input\":null,\"output\":\""
                + value + "\",\"call\":" + call + ",\"return\":" + ret + "}";
    }

    @Test
    void historiesOfSeveralFiles_readingEachValueAfterItsWrite_areLinearizable_exitZero() throws Exception {
        Path writer = file("0.jsonl", write("0", V1, "1000.25", "1001.5"), write("0", V2, "1010", "1011"));
        Path reader = file("1.jsonl", read("1", V1, "1002", "1003.75"), read("1", V2, "1010.5", "1012"));
        CliRun run = CliRun.vigne("check-history", writer.toString(), reader.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("object value: LINEARIZABLE (4 operations")
                .contains("linearizable: 1 object, 4 operations from 2 files");
    }

    @Test
    void aStaleReadAfterACompletedWrite_isNotLinearizable_exitOne_withTheTwoOperationsThatShowIt() throws Exception {
        Path writer = file("0.jsonl", write("0", V1, "1000", "1001"), write("0", V2, "1010", "1011"));
        Path reader = file("1.jsonl", read("1", V1, "1002", "1003"), read("1", V1, "1012", "1013"));
        CliRun run = CliRun.vigne("check-history", "--json", writer.toString(), reader.toString());
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("linearizable").asBoolean()).isFalse();
        assertThat(json.path("violations").asInt()).isEqualTo(1);
        assertThat(json.path("operations").asInt()).isEqualTo(4);
        JsonNode object = json.path("objectResults").get(0);
        assertThat(object.path("verdict").asText()).isEqualTo("NOT_LINEARIZABLE");
        assertThat(object.path("explanation").toString()).as("the write of v2 and the later read of v1")
                .contains("\"input\":\"" + V2 + "\"").contains("\"output\":\"" + V1 + "\",\"call\":1012");

        CliRun text = CliRun.vigne("check-history", writer.toString(), reader.toString());
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("object value: NOT_LINEARIZABLE").contains("not linearizable on their own")
                .contains("NOT linearizable (1 object)");
    }

    @Test
    void aMalformedLine_exitTwo_withOneLineNamingTheFileAndTheLine() throws Exception {
        Path bad = file("bad.jsonl", write("0", V1, "1", "2"), "{\"process\":\"1\",\"object\":\"value\"}");
        CliRun run = CliRun.vigne("check-history", bad.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1).first().asString()
                .startsWith("vigne: " + bad + ": history line 2");
        assertThat(run.out()).isEmpty();
        CliRun missing = CliRun.vigne("check-history", dir.resolve("absent.jsonl").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().lines()).hasSize(1).first().asString().contains("absent.jsonl");
    }
}
