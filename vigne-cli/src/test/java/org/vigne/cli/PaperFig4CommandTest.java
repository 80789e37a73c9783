package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigne.cli.CliRun.vigne;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigne sim paper-fig4}: a quick sweep writes every panel and a clean summary; a bad --out costs nothing. */
class PaperFig4CommandTest {
    private static final List<String> PANELS = List.of("fig4-progression", "fig4-finish", "fig4-failures",
            "ext-writers", "ext-loss", "ext-churn", "ext-replicas");

    @Test
    void quickExtendedSweep_writesEveryPanel_andASummaryWithoutViolation(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fig4");
        String[] args = {"sim", "paper-fig4", "--quick", "--extended", "--nodes", "120", "--loops", "12", "--seed",
                "3", "--out", out.toString(), "--json"};
        CliRun r = vigne(args);
        String replay = "replay with: vigne " + String.join(" ", args);

        assertThat(r.code()).as(r.err() + "\n" + replay).isZero();
        for (String panel : PANELS) {
            assertThat(out.resolve(panel + ".csv")).as(replay).isNotEmptyFile();
            byte[] png = Files.readAllBytes(out.resolve(panel + ".png"));
            assertThat(png).as(panel + ".png is a PNG").startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(out.resolve(panel + ".svg"), StandardCharsets.UTF_8)).contains("<svg");
        }
        assertThat(out.resolve("ext-writers-messages.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("fig4-finish.csv"))).as("header + STAT and DYN x 20, 50 readers")
                .hasSize(5);
        assertThat(Files.readAllLines(out.resolve("fig4-progression.csv")).get(0))
                .isEqualTo("protocol,readers,second,loops_completed");

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(new ObjectMapper().readTree(r.out().strip())).as("--json prints the summary").isEqualTo(summary);
        assertThat(summary.get("violations").asLong()).as(replay).isZero();
        assertThat(summary.get("allCompleted").asBoolean()).as(replay).isTrue();
        assertThat(summary.get("results")).hasSize(20);
        for (JsonNode run : summary.get("results")) {
            JsonNode x = run.get("result");
            String which = run.get("replay").asText();
            assertThat(x.get("loopsCompleted").asInt()).as(which).isEqualTo(12);
            assertThat(x.get("linearizabilityViolations").asInt()).as(which).isZero();
            assertThat(x.get("linearizabilityUnknown").asInt()).as(which).isZero();
            assertThat(x.get("barrierViolations").asInt()).as(which).isZero();
            assertThat(x.get("historyOps").asLong()).as("histories were recorded and checked in " + which)
                    .isGreaterThan(12L * x.get("readers").asInt());
        }
    }

    @Test
    void outIntoAFile_failsWithOneLineBeforeAnySimulation(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        CliRun intoFile = vigne("sim", "paper-fig4", "--out", file.toString());
        CliRun underFile = vigne("sim", "paper-fig4", "--out", file.resolve("sub").toString());

        assertThat(intoFile.code()).isEqualTo(2);
        assertThat(intoFile.err()).isEqualTo("vigne: --out " + file + " is a file, not a directory");
        assertThat(underFile.code()).isEqualTo(2);
        assertThat(underFile.err()).startsWith("vigne: --out " + file.resolve("sub") + " cannot be written: ")
                .doesNotContain("\n");
        assertThat(intoFile.out() + underFile.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
