package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DemoTimelineTest {
    @Test
    void theKillTakesItsPlaceAmongTheManagersEvents_inSecondsSinceTheSubmission() throws Exception {
        JsonNode events = new ObjectMapper().readTree("""
                [{"timeMs": 1000, "type": "SUBMITTED", "component": -1, "incarnation": -1, "node": "", "detail": "1 component"},
                 {"timeMs": 2500, "type": "CHECKPOINTED", "component": 0, "incarnation": 0, "node": "n1", "detail": "checkpoint 1"},
                 {"timeMs": 4000, "type": "SUSPECTED", "component": 0, "incarnation": 0, "node": "n1", "detail": "dead"}]
                """);

        String t = DemoTimeline.format(events, 3000, "n1", 42);

        assertThat(t.lines().map(String::strip).toList()).containsExactly(
                "+0.000 s  submitted     1 component",
                "+1.500 s  checkpointed  component 0 incarnation 0 on n1: checkpoint 1",
                "+2.000 s  KILL -9       node n1 (pid 42)",
                "+3.000 s  suspected     component 0 incarnation 0 on n1: dead");
    }
}
