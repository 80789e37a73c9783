package org.vigne.apps.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vigne.apps.codec.MalformedException;

/** File sets: equal by content, encoded deterministically, decoded only when intact. */
class FileSetProperties {

    @Provide
    Arbitrary<FileSet> sets() {
        Arbitrary<String> paths = Arbitraries.strings().withChars("abé.").ofMaxLength(4).map(s -> "s" + s).list()
                .ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
        Arbitrary<byte[]> contents = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.maps(paths, contents).ofMaxSize(6).filter(m -> m.keySet().stream()
                .noneMatch(p -> m.keySet().stream().anyMatch(q -> q.startsWith(p + "/")))).map(FileSet::of);
    }

    @Property(tries = 300, seed = "20261204")
    void decodeOfEncode_isEqual(@ForAll("sets") FileSet set) {
        byte[] bytes = set.encode();

        assertThat(FileSet.decode(bytes)).isEqualTo(set).hasSameHashCodeAs(set);
        assertThat(FileSet.decode(bytes).encode()).isEqualTo(bytes);
    }

    @Property(tries = 100, seed = "20261204")
    void truncated_isRefused(@ForAll("sets") FileSet set) {
        byte[] bytes = set.encode();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> FileSet.decode(cut)).isInstanceOf(MalformedException.class);
        }
    }

    @Example
    void contentIsCopied_andPathsMustStayInside() {
        byte[] b = {1, 2, 3};
        FileSet s = FileSet.of("out/x", b);
        b[0] = 9;
        s.get("out/x")[1] = 9;

        assertThat(s.get("out/x")).containsExactly(1, 2, 3);
        assertThat(s.totalBytes()).isEqualTo(3);
        assertThatThrownBy(() -> FileSet.of(Map.of("../etc/passwd", b)))
                .hasMessage("file path ../etc/passwd must not have empty, '.' or '..' segments");
        assertThatThrownBy(() -> FileSet.of(Map.of("/abs", b))).hasMessage("file path /abs must be relative (no leading '/')");
        assertThatThrownBy(() -> FileSet.of(Map.of("out", b, "out/x", b)))
                .hasMessage("file path out is both a file and a directory");
    }
}
