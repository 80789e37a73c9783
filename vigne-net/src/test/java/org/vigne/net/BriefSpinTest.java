package org.vigne.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

/** A loop polls without blocking while its last work is recent, and blocks once it is not. */
class BriefSpinTest {
    private long now = 1_000_000;
    private final BriefSpin spin = new BriefSpin(100_000, () -> now);

    @Test
    void readyIoIsHandledAtOnce_andStartsANewSpin() throws Exception {
        now += 500_000;
        assertThat(spin.calculateStrategy(() -> 3, false)).isEqualTo(3);
        now += 99_999;
        assertThat(spin.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
        now += 1;
        assertThat(spin.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void pendingTasksNeverBlock_andCountAsWork() throws Exception {
        now += 500_000;
        assertThat(spin.calculateStrategy(() -> 0, true)).isZero();
        now += 50_000;
        assertThat(spin.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
    }

    @Test
    void aLoopWithNothingRecentBlocks() throws Exception {
        now += 100_000;
        assertThat(spin.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        now += 1_000_000;
        assertThat(spin.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void theDefaultPollsForOneHundredMicroseconds() {
        assertThat(BriefSpin.SPIN_NS).isEqualTo(100_000);
        assertThat(BriefSpin.FACTORY).isNotNull();
    }
}
