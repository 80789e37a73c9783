package org.vigne.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyStateTest {

    @Test
    void onlyTheProtocolsTransitionsAreAllowed() {
        assertThat(allowedFrom(CopyState.INVALID)).containsExactlyInAnyOrder(CopyState.READ, CopyState.MASTER_READ,
                CopyState.MASTER_WRITE);
        assertThat(allowedFrom(CopyState.READ)).containsExactlyInAnyOrder(CopyState.INVALID, CopyState.MASTER_READ,
                CopyState.MASTER_WRITE);
        assertThat(allowedFrom(CopyState.MASTER_READ)).containsExactlyInAnyOrder(CopyState.MASTER_WRITE,
                CopyState.HANDING_OFF);
        assertThat(allowedFrom(CopyState.MASTER_WRITE)).containsExactlyInAnyOrder(CopyState.MASTER_READ,
                CopyState.HANDING_OFF);
        assertThat(allowedFrom(CopyState.HANDING_OFF)).containsExactlyInAnyOrder(CopyState.INVALID,
                CopyState.MASTER_READ, CopyState.MASTER_WRITE);
    }

    @Test
    void aMasterNeverDropsItsValueWithoutHandingItOn() {
        assertThatThrownBy(() -> CopyState.MASTER_WRITE.to(CopyState.INVALID))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MASTER_WRITE to INVALID");
        assertThatThrownBy(() -> CopyState.MASTER_READ.to(CopyState.READ)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CopyState.READ.to(CopyState.HANDING_OFF)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyValidCopiesAreReadable() {
        assertThat(EnumSet.allOf(CopyState.class).stream().filter(CopyState::readable))
                .containsExactlyInAnyOrder(CopyState.READ, CopyState.MASTER_READ, CopyState.MASTER_WRITE);
    }

    private static Set<CopyState> allowedFrom(CopyState s) {
        Set<CopyState> out = EnumSet.noneOf(CopyState.class);
        for (CopyState next : CopyState.values()) {
            if (s.canBecome(next)) {
                assertThat(s.to(next)).isEqualTo(next);
                out.add(next);
            } else {
                assertThatThrownBy(() -> s.to(next)).isInstanceOf(IllegalStateException.class);
            }
        }
        return out;
    }
}
