package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The overlay's tunables refuse values that would break the leaf set, or switch failure detection
 * off, with one line naming the option; copies change one field only.
 */
class OverlayConfigTest {
    @Test
    void leafSetSize_mustBeEvenAndAtLeastTwo() {
        assertThatThrownBy(() -> OverlayConfig.defaults().withLeafSetSize(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even").hasMessageContaining("7");
        assertThatThrownBy(() -> OverlayConfig.defaults().withLeafSetSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OverlayConfig.defaults().withLeafSetSize(2).leafSetSize()).isEqualTo(2);
    }

    @Test
    void slotSize_mustBePositive() {
        assertThatThrownBy(() -> OverlayConfig.defaults().withTableSlotSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OverlayConfig.defaults().withTableSlotSize(1).tableSlotSize()).isEqualTo(1);
    }

    @Test
    void settingsThatWouldSwitchDetectionOff_areRefused_namingTheOption() {
        DetectorConfig d = DetectorConfig.defaults();
        assertThatThrownBy(() -> d.withHeartbeatMs(0)).hasMessageStartingWith("--heartbeat must be a positive duration")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> d.withHeartbeatMs(-5)).hasMessageContaining("--heartbeat").hasMessageContaining("-5");
        assertThatThrownBy(() -> d.withLeafProbeMs(0)).hasMessageStartingWith("--leaf-probe");
        assertThatThrownBy(() -> d.withTableProbeMs(0, 600_000)).hasMessageStartingWith("--table-probe-min");
        assertThatThrownBy(() -> d.withTableProbeMs(5000, -1)).hasMessageStartingWith("--table-probe-max");
        assertThatThrownBy(() -> d.withTableProbeMs(10_000, 5000)).hasMessageContaining("--table-probe-min");
        assertThatThrownBy(() -> d.withDeadEntryTarget(0)).hasMessageStartingWith("--dead-entry-target");
        assertThatThrownBy(() -> d.withDeadEntryTarget(1)).hasMessageStartingWith("--dead-entry-target");
        assertThatThrownBy(() -> d.withDeadEntryTarget(Double.NaN)).hasMessageStartingWith("--dead-entry-target");
        assertThatThrownBy(() -> d.withMissedProbes(0)).hasMessageStartingWith("--missed-probes");
        assertThat(d.withDeadEntryTarget(0.5).deadEntryTarget()).isEqualTo(0.5);
    }

    @Test
    void theTickIsTheHeartbeat() {
        OverlayConfig c = OverlayConfig.defaults().withDetector(DetectorConfig.defaults().withHeartbeatMs(700));
        assertThat(c.tickMs()).isEqualTo(700);
    }

    @Test
    void copiesChangeOnlyTheirField() {
        OverlayConfig d = OverlayConfig.defaults();
        OverlayConfig k = d.withTableSlotSize(3);
        OverlayConfig l = d.withLeafSetSize(8);
        DetectorConfig fast = d.detector().withHeartbeatMs(500);

        assertThat(k).isEqualTo(new OverlayConfig(d.leafSetSize(), 3, d.detector(), d.selfCheckMs(), d.localTuneMs(),
                d.globalTuneMs(), d.hopTimeoutMinMs(), d.hopTimeoutMaxMs(), d.maxHopRetries(), d.maxHops(),
                d.joinTimeoutMs(), d.deadMemoryMs()));
        assertThat(l).isEqualTo(new OverlayConfig(8, d.tableSlotSize(), d.detector(), d.selfCheckMs(), d.localTuneMs(),
                d.globalTuneMs(), d.hopTimeoutMinMs(), d.hopTimeoutMaxMs(), d.maxHopRetries(), d.maxHops(),
                d.joinTimeoutMs(), d.deadMemoryMs()));
        assertThat(d.withDetector(fast).detector()).isEqualTo(new DetectorConfig(500, d.detector().leafProbeMs(),
                d.detector().tableProbeMinMs(), d.detector().tableProbeMaxMs(), d.detector().deadEntryTarget(),
                d.detector().missedProbesToDeclareDead()));
    }
}
