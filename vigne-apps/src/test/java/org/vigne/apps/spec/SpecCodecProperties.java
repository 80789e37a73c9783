package org.vigne.apps.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vigne.apps.codec.MalformedException;

/** The binary spec encoding: a faithful, deterministic round trip, and refusal of damaged bytes. */
class SpecCodecProperties {

    @Property(tries = 200, seed = "20261204")
    void decodeOfEncode_isTheSameSpec(@ForAll("specs") ApplicationSpec spec) {
        byte[] bytes = SpecCodec.encode(spec);

        assertThat(SpecCodec.decode(bytes)).isEqualTo(spec);
        assertThat(SpecCodec.encode(SpecCodec.decode(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 100, seed = "20261204")
    void equalSpecs_encodeToIdenticalBytes_whateverTheMapOrder(@ForAll("specs") ApplicationSpec spec) {
        ComponentSpec c = spec.components().all().get(0);
        Map<String, String> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
        reversed.putAll(c.env());
        ComponentSpec same = new ComponentSpec(c.name(), c.command(), new TreeMap<>(reversed), c.inputs(), c.outputs(),
                c.slots());
        ApplicationSpec a = new ApplicationSpec(spec.name(), new Components.Listed(List.of(c)), spec.policy(),
                spec.dataProtocol());
        ApplicationSpec b = new ApplicationSpec(spec.name(), new Components.Listed(List.of(same)), spec.policy(),
                spec.dataProtocol());

        assertThat(SpecCodec.encode(b)).isEqualTo(SpecCodec.encode(a));
    }

    @Property(tries = 50, seed = "20261204")
    void everyTruncation_isRefused(@ForAll("specs") ApplicationSpec spec) {
        byte[] bytes = SpecCodec.encode(spec);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> SpecCodec.decode(cut)).as("first %d of %d bytes", n, bytes.length)
                    .isInstanceOf(MalformedException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SpecCodec.decode(longer)).hasMessageContaining("unexpected bytes after the end");
    }

    @Example
    void otherVersion_andInvalidContent_areRefused() throws IOException {
        ApplicationSpec s = SpecReader.fromYaml(Files.readString(SpecReaderTest.examples().resolve("hello.yaml")));
        byte[] bytes = SpecCodec.encode(s);
        byte[] v2 = bytes.clone();
        v2[0] = 2;
        byte[] badName = bytes.clone();
        badName[2] = ' ';

        assertThatThrownBy(() -> SpecCodec.decode(v2)).isInstanceOf(MalformedException.class)
                .hasMessage("spec encoding version 2, this node reads 1");
        assertThatThrownBy(() -> SpecCodec.decode(badName)).isInstanceOf(MalformedException.class)
                .hasMessageStartingWith("encoded spec is invalid: name: must be");
    }

    @Example
    void aThousandReplicatedComponents_travelAsOneTemplate() throws IOException {
        ApplicationSpec s = SpecReader.fromYaml(Files.readString(SpecReaderTest.examples().resolve("hello.yaml"))
                .replace("count: 4 ", "count: 1000 "));

        assertThat(s.components().count()).isEqualTo(1000);
        assertThat(SpecCodec.encode(s).length).isLessThan(300);
    }

    // ---- generators ------------------------------------------------------------------------------

    @Provide
    Arbitrary<ApplicationSpec> specs() {
        Arbitrary<Components> components = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(1, 50), component())
                        .as(Components.Replicated::new),
                component().list().ofMinSize(1).ofMaxSize(4).map(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        list.set(i, list.get(i).withName(list.get(i).name().isEmpty() ? "" : list.get(i).name() + i));
                    }
                    return new Components.Listed(list);
                }));
        return Combinators.combine(name(), components, policy(), Arbitraries.of(DataProtocol.class))
                .as(ApplicationSpec::new);
    }

    private static Arbitrary<String> name() {
        return Arbitraries.strings().withChars("abcXYZ09_-.").ofMinLength(0).ofMaxLength(12).map(s -> "n" + s);
    }

    private static Arbitrary<String> anyText() {
        return Arbitraries.strings().withCharRange('\u0001', '\uD7FF').withCharRange('\uE000', '\uFFFF').ofMaxLength(10)
                .map(s -> s.length() % 3 == 0 ? s + "\uD83C\uDF47" : s);
    }

    private static Arbitrary<ComponentSpec> component() {
        Arbitrary<List<String>> argv = anyText().list().ofMaxSize(4).map(l -> {
            l.add(0, "prog");
            return l;
        });
        Arbitrary<TreeMap<String, String>> env = Arbitraries.maps(
                Arbitraries.strings().withChars("ABC_xyz1").ofMinLength(1).ofMaxLength(6).map(s -> "E" + s), anyText())
                .ofMaxSize(4).map(TreeMap::new);
        Arbitrary<List<InputFile>> inputs = Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(5)
                .map(s -> new InputFile("../" + s + "/in", "dir/" + s)).list().uniqueElements(InputFile::name).ofMaxSize(3);
        Arbitrary<List<String>> outputs = Arbitraries.of("*.txt", "out/**", "result.{csv,json}", "x[0-9]").list()
                .ofMaxSize(3);
        return Combinators.combine(Arbitraries.of("", "w", "reader"), argv, env, inputs, outputs,
                Arbitraries.integers().between(1, ComponentSpec.MAX_SLOTS)).as(ComponentSpec::new);
    }

    private static Arbitrary<FaultPolicy> policy() {
        Arbitrary<RestartLimits> limits = Combinators.combine(Arbitraries.integers().between(0, RestartLimits.MAX_RESTARTS),
                Arbitraries.longs().between(0, 1L << 40), Arbitraries.longs().between(0, 1L << 20))
                .as((m, b, extra) -> new RestartLimits(m, b, b + extra));
        Arbitrary<FaultPolicy.Scope> scope = Arbitraries.of(FaultPolicy.Scope.class);
        return Arbitraries.oneOf(
                Arbitraries.just(FaultPolicy.none()),
                Combinators.combine(scope, limits).as(FaultPolicy.Restart::new),
                Combinators.combine(Arbitraries.integers().between(1, 255), scope, limits)
                        .as(FaultPolicy.CheckpointRestart::new),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5), anyText()).ofMaxSize(3)
                        .map(p -> new FaultPolicy.Custom("org.example.Policy", new TreeMap<>(p))));
    }
}
