package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The overlay's tunables refuse values that would break the leaf set or the tick, and copies change one field only. */
class OverlayConfigTest {
    @Test
    void leafSetSize_mustBeEvenAndAtLeastTwo() {
        assertThatThrownBy(() -> OverlayConfig.defaults().withLeafSetSize(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even").hasMessageContaining("7");
        assertThatThrownBy(() -> OverlayConfig.defaults().withLeafSetSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OverlayConfig.defaults().withLeafSetSize(2).leafSetSize()).isEqualTo(2);
    }

    @Test
    void slotSizeAndTick_mustBePositive() {
        assertThatThrownBy(() -> OverlayConfig.defaults().withTableSlotSize(0)).isInstanceOf(IllegalArgumentException.class);
        OverlayConfig d = OverlayConfig.defaults();
        assertThatThrownBy(() -> new OverlayConfig(16, 2, 0, d.nearPullMs(), d.leafSetPullMs(), d.nearProbeMs(),
                d.leafProbeMs(), d.tableProbeMs(), d.localTuneMs(), d.globalTuneMs(), d.missedPingsToDeclareDead(),
                d.hopTimeoutMinMs(), d.hopTimeoutMaxMs(), d.maxHopRetries(), d.maxHops(), d.joinTimeoutMs(),
                d.deadMemoryMs())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tick");
        assertThat(d.withTableSlotSize(1).tableSlotSize()).isEqualTo(1);
    }

    @Test
    void copiesChangeOnlyTheirField() {
        OverlayConfig d = OverlayConfig.defaults();
        OverlayConfig k = d.withTableSlotSize(3);
        OverlayConfig l = d.withLeafSetSize(8);

        assertThat(k).isEqualTo(new OverlayConfig(d.leafSetSize(), 3, d.tickMs(), d.nearPullMs(), d.leafSetPullMs(),
                d.nearProbeMs(), d.leafProbeMs(), d.tableProbeMs(), d.localTuneMs(), d.globalTuneMs(),
                d.missedPingsToDeclareDead(), d.hopTimeoutMinMs(), d.hopTimeoutMaxMs(), d.maxHopRetries(), d.maxHops(),
                d.joinTimeoutMs(), d.deadMemoryMs()));
        assertThat(l).isEqualTo(new OverlayConfig(8, d.tableSlotSize(), d.tickMs(), d.nearPullMs(), d.leafSetPullMs(),
                d.nearProbeMs(), d.leafProbeMs(), d.tableProbeMs(), d.localTuneMs(), d.globalTuneMs(),
                d.missedPingsToDeclareDead(), d.hopTimeoutMinMs(), d.hopTimeoutMaxMs(), d.maxHopRetries(), d.maxHops(),
                d.joinTimeoutMs(), d.deadMemoryMs()));
    }
}
