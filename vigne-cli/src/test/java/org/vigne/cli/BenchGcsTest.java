package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigne bench gcs}, CI-sized: every phase commits without error and the one group's replicas agree. */
class BenchGcsTest {
    @Test
    void smallRun_reportsEveryPhase_withNoError_andReplicasThatAppliedExactlyTheAcknowledgedCommands() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "bench", "gcs", "--ops", "100", "--warmup", "20", "--groups", "20", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.path("replicasAgree").asBoolean()).isTrue();
        assertThat(r.path("acked").asLong()).isEqualTo(1 + 20 + 2 * 100);
        assertThat(r.path("replicas").size()).isEqualTo(3);
        List<String> names = new ArrayList<>();
        for (JsonNode p : r.path("phases")) {
            names.add(p.path("op").asText() + "/" + p.path("threads").asInt());
            assertThat(p.path("errors").asLong()).as(p.toString()).isZero();
            assertThat(p.path("p50Us").asDouble()).isPositive();
            // Measured (-1 would say unknown), but the process CPU clock moves in scheduler ticks
            // (10 ms on Linux): a phase of a few fast commands may read 0.
            assertThat(p.path("cpuUsPerOp").asDouble()).as("the process's CPU time per command").isNotNegative();
            assertThat(p.path("gcMs").asLong()).isNotNegative();
        }
        assertThat(names).containsExactly("commit/1", "commit/8", "create/8", "commit-20-groups/8", "burst-20-groups/20");
    }
}
