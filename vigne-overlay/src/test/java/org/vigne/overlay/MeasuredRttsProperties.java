package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;

/** {@link MeasuredRtts} against a map with the same rule: full at {@link MeasuredRtts#CAPACITY}, it starts afresh. */
class MeasuredRttsProperties {
    /** Ids colliding on their 32-bit hash, so the scan must compare ids, not hashes alone. */
    private static Id id(int i) {
        return i % 2 == 0 ? Id.of(i, 7L, -31 * i) : Id.of(i, 9L, i);
    }

    @Property(seed = "7204")
    void agreesWithAMapThatStartsAfreshWhenFull(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 60) Integer> keys,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 5000) Integer> rtts) {
        MeasuredRtts m = new MeasuredRtts();
        Map<Id, Long> model = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Id id = id(keys.get(i));
            long rtt = i < rtts.size() ? rtts.get(i) : i;
            if (model.size() >= MeasuredRtts.CAPACITY) {
                model.clear();
            }
            model.put(id, rtt);
            m.put(id, rtt);
            assertThat(m.size()).isEqualTo(model.size());
            for (int k = 0; k <= 60; k += 7) {
                Id probe = id(k);
                assertThat(m.contains(probe)).as("contains %d", k).isEqualTo(model.containsKey(probe));
                assertThat(m.rttMs(probe)).as("rtt of %d", k).isEqualTo(model.getOrDefault(probe, -1L));
            }
            assertThat(m.rttMs(id)).isEqualTo(rtt);
        }
        m.clear();
        assertThat(m.size()).isZero();
        assertThat(m.contains(id(0))).isFalse();
        assertThat(m.rttMs(id(0))).isEqualTo(-1);
    }

    @Property(seed = "7204")
    void aHugeRttIsKeptAsTheLargestInt(@ForAll @IntRange(min = 0, max = 10) int k) {
        MeasuredRtts m = new MeasuredRtts();
        m.put(id(k), Long.MAX_VALUE);
        assertThat(m.rttMs(id(k))).isEqualTo(Integer.MAX_VALUE);
    }
}
