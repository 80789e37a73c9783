package org.vigne.net.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.files.FileSet;
import org.vigne.data.MasterValue;

/** The objects' part of a checkpoint: its bytes, the merge of a round's snapshots, its place in the file set. */
class ObjectsSnapshotTest {
    private static MasterValue v(long epoch, long version, String value) {
        return new MasterValue(epoch, version, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void encodeThenDecode_givesTheSameValues() {
        ObjectsSnapshot s = ObjectsSnapshot.of(Map.of("counter", v(2, 7, "7"), "empty", v(2, 0, "")));
        Map<String, byte[]> back = ObjectsSnapshot.decode(s.encode()).values();
        assertThat(back).containsOnlyKeys("counter", "empty");
        assertThat(text(back.get("counter"))).isEqualTo("7");
        assertThat(back.get("empty")).isEmpty();
    }

    @Test
    void merge_keepsPerObjectTheHighestEpochThenVersion() {
        ObjectsSnapshot a = ObjectsSnapshot.of(Map.of("x", v(1, 9, "old epoch"), "y", v(3, 4, "y4"), "only-a", v(3, 1, "a")));
        ObjectsSnapshot b = ObjectsSnapshot.of(Map.of("x", v(2, 1, "new epoch"), "y", v(3, 2, "y2")));
        Map<String, byte[]> m = ObjectsSnapshot.merge(List.of(a, b)).values();
        assertThat(text(m.get("x"))).isEqualTo("new epoch");
        assertThat(text(m.get("y"))).isEqualTo("y4");
        assertThat(text(m.get("only-a"))).isEqualTo("a");
    }

    @Test
    void aCheckpointCarriesItsSnapshot_andTheComponentNeverSeesIt() {
        FileSet dir = FileSet.of("step", "10".getBytes(StandardCharsets.UTF_8));
        FileSet stored = ObjectsSnapshot.of(Map.of("counter", v(0, 10, "10"))).addTo(dir);
        assertThat(stored.paths()).containsExactly(ObjectsSnapshot.PATH, "step");
        assertThat(text(ObjectsSnapshot.in(stored).values().get("counter"))).isEqualTo("10");
        assertThat(ObjectsSnapshot.strip(stored)).isEqualTo(dir);
        assertThat(ObjectsSnapshot.in(dir)).as("a checkpoint taken without the data service").isNull();
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> ObjectsSnapshot.decode(new byte[] {9, 1})).isInstanceOf(MalformedException.class);
        byte[] good = ObjectsSnapshot.of(Map.of("a", v(0, 1, "x"))).encode();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> ObjectsSnapshot.decode(truncated)).isInstanceOf(MalformedException.class);
    }
}
