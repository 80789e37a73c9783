package org.vigne.net.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Application tokens open one application's endpoints, on one node run, and nothing else. */
class AppTokensTest {
    private final AppTokens node = new AppTokens("0123456789abcdef0123456789abcdef");

    @Test
    void aTokenVerifiesForItsApplicationOnly() {
        String t = node.tokenFor("count");

        assertThat(t).startsWith(AppTokens.PREFIX).hasSize(AppTokens.PREFIX.length() + 64);
        assertThat(node.verify("count", t)).isTrue();
        assertThat(node.verify("counter", t)).isFalse();
        assertThat(node.verify("count", t.substring(0, t.length() - 1) + (t.endsWith("0") ? "1" : "0"))).isFalse();
        assertThat(node.verify("count", null)).isFalse();
        assertThat(node.verify("../count", t)).isFalse();
    }

    @Test
    void anotherNodeOrRun_givesOtherTokens() {
        AppTokens restarted = new AppTokens("fedcba9876543210fedcba9876543210");

        assertThat(restarted.verify("count", node.tokenFor("count"))).isFalse();
        assertThat(new AppTokens("0123456789abcdef0123456789abcdef").tokenFor("count")).isEqualTo(node.tokenFor("count"));
        assertThatThrownBy(() -> new AppTokens("short")).hasMessageContaining("16 characters");
    }
}
