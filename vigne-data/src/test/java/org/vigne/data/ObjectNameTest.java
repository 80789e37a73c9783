package org.vigne.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectNameTest {

    @Test
    void keysSeparateTheApplicationFromTheName() {
        assertThat(new ObjectName("a/b", "c").key()).isNotEqualTo(new ObjectName("a", "b/c").key());
        assertThat(new ObjectName("app", "x").key()).isEqualTo(new ObjectName("app", "x").key());
        assertThat(new ObjectName("app", "x").key()).isNotEqualTo(new ObjectName("app2", "x").key());
    }

    @Test
    void emptyAndOverlongNamesAreRefused() {
        String tooLong = "é".repeat(128);
        assertThatThrownBy(() -> new ObjectName("", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application");
        assertThatThrownBy(() -> new ObjectName("app", tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
        assertThat(ObjectName.valid("app", tooLong)).isFalse();
        assertThat(ObjectName.valid(null, "x")).isFalse();
        assertThat(ObjectName.valid("app", "x".repeat(255))).isTrue();
    }

    @Test
    void wireSizeCountsBothNames() {
        assertThat(new ObjectName("app", "counter").wireBytes()).isEqualTo(2 + 3 + 7);
    }
}
