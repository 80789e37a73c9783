package org.vigne.apps.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec format: what it accepts, and one line naming the field for each thing it refuses. */
class SpecReaderTest {
    /** The examples directory at the root of the repository. */
    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no examples/ directory above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples");
    }

    private static final String OK_COMPONENT = "components: [{command: [echo, hi]}]\n";

    @Test
    void plainExample_readsAsWritten() throws IOException {
        ApplicationSpec s = SpecReader.read("hello.yaml", Files.readString(examples().resolve("hello.yaml")));

        assertThat(s.name()).isEqualTo("hello");
        assertThat(s.components()).isInstanceOf(Components.Replicated.class);
        assertThat(s.components().count()).isEqualTo(4);
        ComponentSpec c2 = s.components().get(2);
        assertThat(c2.name()).isEqualTo("hello-2");
        assertThat(c2.command()).hasSize(3).startsWith("sh", "-c");
        assertThat(c2.env()).containsExactly(Map.entry("GREETING", "hello"));
        assertThat(c2.inputs()).containsExactly(new InputFile("words.txt", "words.txt"));
        assertThat(c2.outputs()).containsExactly("greeting.txt");
        assertThat(s.policy()).isEqualTo(new FaultPolicy.Restart(FaultPolicy.Scope.COMPONENT,
                new RestartLimits(3, 1_000, 30_000)));
        assertThat(s.dataProtocol()).isEqualTo(DataProtocol.DYN);
        assertThat(s.checkpointExitCode()).isZero();
    }

    @Test
    void checkpointExample_readsAsWritten() throws IOException {
        ApplicationSpec s = SpecReader.read("count.yaml", Files.readString(examples().resolve("checkpoint/count.yaml")));

        assertThat(s.components()).isInstanceOf(Components.Listed.class);
        ComponentSpec c = s.components().get(0);
        assertThat(c.name()).isEqualTo("counter");
        assertThat(c.command()).containsExactly("sh", "count.sh", "30", "5");
        assertThat(c.env()).containsExactly(Map.entry("STEP_SECONDS", "1"));
        assertThat(s.policy()).isEqualTo(new FaultPolicy.CheckpointRestart(85, FaultPolicy.Scope.COMPONENT,
                new RestartLimits(5, RestartLimits.DEFAULT_BACKOFF_MS, RestartLimits.DEFAULT_MAX_BACKOFF_MS)));
        assertThat(s.checkpointExitCode()).isEqualTo(85);
    }

    @Test
    void defaults_andShorthands() {
        ApplicationSpec s = SpecReader.fromYaml("name: a\ncomponents:\n  - command: [sleep, 5]\n  - name: b\n"
                + "    command: [run]\n    inputs: [dir/x.bin, {from: ../y.bin, as: data/y.bin}]\npolicy: restart\n");

        assertThat(s.components().get(0).name()).isEqualTo("c-0");
        assertThat(s.components().get(0).command()).containsExactly("sleep", "5");
        assertThat(s.components().get(0).slots()).isEqualTo(1);
        assertThat(s.components().get(1).inputs()).containsExactly(new InputFile("dir/x.bin", "x.bin"),
                new InputFile("../y.bin", "data/y.bin"));
        assertThat(s.policy()).isEqualTo(FaultPolicy.restart());
        assertThat(s.dataProtocol()).isEqualTo(DataProtocol.DYN);
        assertThat(SpecReader.fromYaml("name: a\n" + OK_COMPONENT).policy()).isEqualTo(FaultPolicy.none());
        assertThat(SpecReader.fromYaml("name: a\n" + OK_COMPONENT + "policy: {type: custom, class: org.x.P, "
                + "parameters: {tries: 4}}\ndataProtocol: stat\n")).satisfies(c -> {
                    assertThat(c.policy()).isEqualTo(new FaultPolicy.Custom("org.x.P",
                            new java.util.TreeMap<>(Map.of("tries", "4"))));
                    assertThat(c.dataProtocol()).isEqualTo(DataProtocol.STAT);
                });
    }

    @Test
    void json_readsTheSameSpec() {
        String json = "{\"name\": \"a\", \"components\": {\"count\": 2, \"template\": {\"command\": [\"echo\", 1]}},"
                + " \"policy\": {\"type\": \"checkpoint-restart\", \"backoff\": \"250ms\"}}";
        ApplicationSpec fromJson = SpecReader.read("a.json", json);

        assertThat(fromJson).isEqualTo(SpecReader.fromYaml(json));
        assertThat(fromJson.components().get(1).name()).isEqualTo("c-1");
        assertThat(fromJson.policy()).isEqualTo(new FaultPolicy.CheckpointRestart(85, FaultPolicy.Scope.COMPONENT,
                new RestartLimits(3, 250, 60_000)));
    }

    static Stream<Arguments> badSpecs() {
        String name = "name: a\n";
        return Stream.of(
                bad("", "the spec is empty"),
                bad("- a\n- b\n", "a spec is a mapping with name, components and policy"),
                bad(name + "nmae: b\n" + OK_COMPONENT,
                        "nmae: unknown field (expected one of: name, components, policy, dataProtocol)"),
                bad(OK_COMPONENT, "name: is required"),
                bad("name: my app\n" + OK_COMPONENT, "name: must be 1 to 64 letters, digits, '.', '_' or '-'"
                        + " (not starting with '.' or '-'), got \"my app\""),
                bad("name: [a]\n" + OK_COMPONENT, "name: must be a string, got a list"),
                bad(name, "components: is required"),
                bad(name + "components: run\n", "components: must be a list of components, or a mapping with count and template"),
                bad(name + "components: []\n", "components: must list at least one component"),
                bad(name + "components: {count: 0, template: {command: [x]}}\n",
                        "components.count: must be between 1 and 10000, got 0"),
                bad(name + "components: {count: '4', template: {command: [x]}}\n",
                        "components.count: must be a whole number, got \"4\""),
                bad(name + "components: {count: 4}\n", "components.template: is required"),
                bad(name + "components: {count: 2, template: {comand: [x]}}\n", "components.template.comand: unknown field"
                        + " (expected one of: name, command, env, inputs, outputs, slots)"),
                bad(name + "components:\n  - command: [a]\n  - command: [b]\n  - command: []\n",
                        "components[2].command: must not be empty (give the program and its arguments, e.g. [sh, run.sh])"),
                bad(name + "components: [{name: w}]\n", "components[0].command: is required"),
                bad(name + "components: [{command: echo hi}]\n",
                        "components[0].command: must be a list: the program and its arguments, e.g. [sh, -c, 'echo hi']"),
                bad(name + "components: [{command: ['', x]}]\n", "components[0].command[0]: the program must not be empty"),
                bad(name + "components: [{command: [a, [b]]}]\n",
                        "components[0].command[1]: must be a string, number or boolean, got a list"),
                bad(name + "components: [{command: [a], env: {VIGNE_APP: x}}]\n",
                        "components[0].env.VIGNE_APP: names starting with VIGNE_ are set by Vigne itself"),
                bad(name + "components: [{command: [a], env: {1X: x}}]\n", "components[0].env.1X: is not an environment"
                        + " variable name (letters, digits and '_', not starting with a digit)"),
                bad(name + "components: [{command: [a], env: {X: [1]}}]\n",
                        "components[0].env.X: must be a string, number or boolean, got a list"),
                bad(name + "components: [{command: [a], env: [X]}]\n",
                        "components[0].env: must be a mapping of names to values, got a list"),
                bad(name + "components: [{command: [a], inputs: [{from: x, as: /etc/x}]}]\n",
                        "components[0].inputs[0].as: the name in the sandbox must be relative (no leading '/'), got \"/etc/x\""),
                bad(name + "components: [{command: [a], inputs: [{from: x, as: ../x}]}]\n",
                        "components[0].inputs[0].as: the name in the sandbox must not have empty, '.' or '..' segments,"
                                + " got \"../x\""),
                bad(name + "components: [{command: [a], inputs: [data/]}]\n", "components[0].inputs[0]: the input"
                        + " \"data/\" does not end with a file name: give it one with {from: ..., as: NAME}"),
                bad(name + "components: [{command: [a], inputs: [a/x.txt, b/x.txt]}]\n",
                        "components[0].inputs[1]: another input is already named \"x.txt\" in the sandbox"),
                bad(name + "components: [{command: [a], inputs: [{from: x, to: y}]}]\n",
                        "components[0].inputs[0].to: unknown field (expected one of: from, as)"),
                bad(name + "components: [{command: [a], inputs: [{as: y}]}]\n", "components[0].inputs[0].from: is required"),
                bad(name + "components: [{command: [a], outputs: ['../*.txt']}]\n", "components[0].outputs[0]: an output"
                        + " glob must not have empty, '.' or '..' segments, got \"../*.txt\""),
                bad(name + "components: [{command: [a], outputs: ['/tmp/*']}]\n",
                        "components[0].outputs[0]: an output glob must be relative (no leading '/'), got \"/tmp/*\""),
                bad(name + "components: [{command: [a], outputs: ['out[0-9.txt']}]\n",
                        "components[0].outputs[0]: unbalanced or nested '[' or '{' in the output glob \"out[0-9.txt\""),
                bad(name + "components: [{command: [a], outputs: [3]}]\n", "components[0].outputs[0]: must be a string, got 3"),
                bad(name + "components: [{command: [a], slots: 0}]\n", "components[0].slots: must be between 1 and 1024, got 0"),
                bad(name + "components: [{command: [a], slots: 1.5}]\n", "components[0].slots: must be a whole number, got 1.5"),
                bad(name + "components: [{name: w, command: [a]}, {name: w, command: [b]}]\n",
                        "components[1].name: another component is already named \"w\""),
                bad(name + "components: [{name: -w, command: [a]}]\n", "components[0].name: must be 1 to 64 letters,"
                        + " digits, '.', '_' or '-' (not starting with '.' or '-'), got \"-w\""),
                bad(name + OK_COMPONENT + "policy: retry\n",
                        "policy: must be one of none, restart, checkpoint-restart, custom, got \"retry\""),
                bad(name + OK_COMPONENT + "policy: 3\n", "policy: must be one of none, restart, checkpoint-restart, custom,"
                        + " or a mapping with a type"),
                bad(name + OK_COMPONENT + "policy: {maxRestarts: 2}\n",
                        "policy.type: is required (one of none, restart, checkpoint-restart, custom)"),
                bad(name + OK_COMPONENT + "policy: {type: restart, checkpointExitCode: 85}\n", "policy.checkpointExitCode:"
                        + " unknown field (expected one of: type, scope, maxRestarts, backoff, maxBackoff)"),
                bad(name + OK_COMPONENT + "policy: {type: none, maxRestarts: 1}\n",
                        "policy.maxRestarts: unknown field (expected one of: type)"),
                bad(name + OK_COMPONENT + "policy: {type: restart, scope: node}\n",
                        "policy.scope: must be one of component, application, got \"node\""),
                bad(name + OK_COMPONENT + "policy: {type: restart, maxRestarts: -1}\n",
                        "policy.maxRestarts: must be between 0 and 1000000, got -1"),
                bad(name + OK_COMPONENT + "policy: {type: restart, backoff: 10}\n",
                        "policy.backoff: must be a duration with a unit (e.g. 500ms, 10s, 2m), got 10"),
                bad(name + OK_COMPONENT + "policy: {type: restart, backoff: ten s}\n",
                        "policy.backoff: duration \"ten s\" is not a number with a unit (e.g. 90s, 30m, 2h)"),
                bad(name + OK_COMPONENT + "policy: {type: restart, backoff: 10s, maxBackoff: 5s}\n",
                        "policy.maxBackoff: must be at least backoff (10000 ms), got 5000 ms"),
                bad(name + OK_COMPONENT + "policy: {type: checkpoint-restart, checkpointExitCode: 0}\n",
                        "policy.checkpointExitCode: must be between 1 and 255 (0 means success), got 0"),
                bad(name + OK_COMPONENT + "policy: custom\n",
                        "policy: a custom policy needs its class: {type: custom, class: com.example.MyPolicy}"),
                bad(name + OK_COMPONENT + "policy: {type: custom}\n", "policy.class: is required"),
                bad(name + OK_COMPONENT + "policy: {type: custom, class: my policy}\n",
                        "policy.class: must be a fully qualified Java class name, got \"my policy\""),
                bad(name + OK_COMPONENT + "dataProtocol: li\n", "dataProtocol: must be one of stat, dyn, got \"li\""));
    }

    private static Arguments bad(String yaml, String message) {
        return Arguments.of(yaml, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSpecs")
    void badSpec_isOneLineNamingTheField(String yaml, String message) {
        assertThatThrownBy(() -> SpecReader.fromYaml(yaml)).isInstanceOf(SpecException.class).hasMessage(message);
    }

    @Test
    void syntaxErrors_andDuplicateKeys_areOneLineWithThePosition() {
        for (String text : List.of("name: [a\n", "name: a\nname: b\n" + OK_COMPONENT)) {
            assertThatThrownBy(() -> SpecReader.fromYaml(text)).isInstanceOf(SpecException.class)
                    .hasMessageStartingWith("not valid YAML or JSON: line ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> SpecReader.fromYaml("name: a\nname: b\n" + OK_COMPONENT))
                .hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> SpecReader.fromJson("{\"name\": \"a\", \"bogus\": 1, \"components\": []}"))
                .hasMessage("bogus: unknown field (expected one of: name, components, policy, dataProtocol)");
        assertThatThrownBy(() -> SpecReader.fromJson("{\"name\": \"a\",")).hasMessageStartingWith("not valid YAML or JSON: line 1");
        assertThatThrownBy(() -> SpecReader.fromJson("{\"name\": \"a\", \"components\": [{\"command\": [\"x\\ud800\"]}]}"))
                .hasMessage("components[0].command[0]: must be valid Unicode text (unpaired surrogate at character 1)");
    }

    @Test
    void restartBackoff_doublesUpToItsBound() {
        RestartLimits l = new RestartLimits(10, 1_000, 5_000);

        assertThat(List.of(1, 2, 3, 4, 10).stream().map(l::backoffBeforeRestartMs))
                .containsExactly(1_000L, 2_000L, 4_000L, 5_000L, 5_000L);
        assertThat(new RestartLimits(3, 0, 0).backoffBeforeRestartMs(3)).isZero();
    }
}
