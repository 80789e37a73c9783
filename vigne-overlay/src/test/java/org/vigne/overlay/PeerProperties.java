package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * A peer's six flags share one byte: each reads as a boolean of its own would, whatever the
 * others do, and the derived answers (used, followed) read them together. Time since the last
 * probe is counted in whole seconds, across the wrap of the int that holds them.
 */
class PeerProperties {
    @Property(seed = "7217", tries = 300)
    void flagsReadAsSixSeparateBooleans(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 11) Integer> ops) {
        Peer p = new Peer(new NodeHandle(Id.of(1, 2, 3), "10.0.0.1", 4000));
        boolean[] model = new boolean[6];
        for (int op : ops) {
            int flag = op % 6;
            boolean on = op < 6;
            model[flag] = on;
            switch (flag) {
                case 0 -> p.setProbing(on);
                case 1 -> p.setInLeafSet(on);
                case 2 -> p.setInTable(on);
                case 3 -> p.setForgotten(on);
                case 4 -> p.setSuspected(on);
                default -> p.setWatched(on);
            }
            assertThat(new boolean[] {p.probing(), p.inLeafSet(), p.inTable(), p.forgotten(), p.suspected(), p.watched()})
                    .as("after %s", ops).containsExactly(model);
            assertThat(p.used()).isEqualTo(model[1] || model[2]);
            assertThat(p.followed()).isEqualTo(model[1] || model[2] || model[5]);
        }
    }

    @Property(seed = "7217", tries = 300)
    void sinceProbedCountsWholeSecondsAcrossTheWrap(@ForAll @LongRange(min = 0, max = 1L << 42) long probedMs,
                                                    @ForAll @IntRange(min = 0, max = 1_000_000_000) int laterMs) {
        Peer p = new Peer(new NodeHandle(Id.of(1, 2, 3), "10.0.0.1", 4000));
        p.probedAtS = (int) (probedMs / 1000);
        long nowMs = probedMs + laterMs;
        assertThat(p.sinceProbedMs(nowMs)).isEqualTo((nowMs / 1000 - probedMs / 1000) * 1000);
    }
}
