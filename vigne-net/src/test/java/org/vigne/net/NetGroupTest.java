package org.vigne.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetGroupTest {
    @Test
    void byDefaultOneLoopFewerThanTheCores_atLeastOne() {
        assertThat(NetGroup.defaultThreads(1)).isEqualTo(1);
        assertThat(NetGroup.defaultThreads(2)).isEqualTo(1);
        assertThat(NetGroup.defaultThreads(8)).isEqualTo(7);
    }

    @Test
    void aGroupWithoutLoopsIsRefused() {
        assertThatThrownBy(() -> NetGroup.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one thread");
    }
}
