package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The DHT's tunables and results refuse what would make the service hang or lie. */
class DhtConfigTest {
    private static final DhtConfig D = DhtConfig.defaults();

    /** Each case changes one field of the defaults to a value that must be refused. */
    static Stream<UnaryOperator<Object[]>> invalid() {
        return Stream.of(f -> set(f, 0, -1), f -> set(f, 9, 0), f -> set(f, 10, 0), f -> set(f, 1, 0L),
                f -> set(f, 2, 0L), f -> set(f, 3, 0L), f -> set(f, 4, 0L), f -> set(f, 5, 0L), f -> set(f, 6, -1L),
                f -> set(f, 7, 0L), f -> set(f, 8, 0L));
    }

    private static Object[] set(Object[] fields, int i, Object v) {
        fields[i] = v;
        return fields;
    }

    private static DhtConfig of(Object[] f) {
        return new DhtConfig((int) f[0], (long) f[1], (long) f[2], (long) f[3], (long) f[4], (long) f[5], (long) f[6],
                (long) f[7], (long) f[8], (int) f[9], (int) f[10]);
    }

    private static Object[] defaults() {
        return new Object[] {D.maxValueBytes(), D.opTimeoutMs(), D.opRetryMs(), D.storeRetryMs(), D.syncTimeoutMs(),
            D.antiEntropyMs(), D.reactDelayMs(), D.tombstoneTtlMs(), D.leaveTimeoutMs(), D.maxPendingOps(),
            D.maxTransferBytes()};
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void aSizeOrPeriodOutOfRange_isRefused(UnaryOperator<Object[]> change) {
        Object[] fields = change.apply(defaults());
        assertThatThrownBy(() -> of(fields)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be");
    }

    @Test
    void zeroReactDelayAndEmptyValues_areAllowed() {
        assertThat(of(set(set(defaults(), 6, 0L), 0, 0)).reactDelayMs()).isZero();
        assertThat(of(defaults())).isEqualTo(D);
    }

    @Test
    void copiesChangeOnlyTheirField() {
        assertThat(D.withMaxValueBytes(7)).isEqualTo(of(set(defaults(), 0, 7)));
        assertThat(D.withAntiEntropyMs(2_000)).isEqualTo(of(set(defaults(), 5, 2_000L)));
    }

    @Test
    void resultsNeedAStatus_andAlwaysCarryAnErrorString() {
        assertThatThrownBy(() -> new DhtResult(null, null, 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DhtResult(DhtResult.Status.NOT_FOUND, null, 0, null).error()).isEmpty();
        assertThat(new DhtResult(DhtResult.Status.OK, new byte[0], 3, "").ok()).isTrue();
        assertThat(DhtResult.failure(DhtResult.Status.TIMEOUT, "late").ok()).isFalse();
    }
}
