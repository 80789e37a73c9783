package org.vigne.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The explicit layouts of commands, states and answers: round trips, and malformed bytes refused. */
class SyncCodecTest {

    @Test
    void everyCommandRoundTrips() {
        TreeMap<Integer, Integer> holdings = new TreeMap<>();
        holdings.put(3, 2);
        List<SyncCommand> all = List.of(
                new SyncCommand.Batch(List.of(Ops.arrive("b", 1, 2, 3, 4), Ops.sem(OpKind.RELEASE, "s", 5, 6, 7, 8))),
                new SyncCommand.Gone(7, 9),
                new SyncCommand.Reset(new SyncState(4, List.of(new SyncState.SemaphoreState("s", 5, holdings)))),
                new SyncCommand.Capture(), new SyncCommand.End());
        for (SyncCommand c : all) {
            SyncCommand back = SyncCodec.decode(SyncCodec.encode(c));
            assertThat(back).usingRecursiveComparison().isEqualTo(c);
        }
    }

    @Test
    void answersRoundTrip() {
        List<Notice> n = List.of(new Notice(OpKind.ARRIVE, "b", 1, 2, 3, Outcome.RELEASED, ""),
                new Notice(OpKind.RELEASE, "s", 4, 5, 6, Outcome.REFUSED, "process 4 holds 0 permits"));

        assertThat(Answers.decode(Answers.encode(n))).isEqualTo(n);
    }

    @Test
    void truncatedOrTrailingBytesAreRefused() {
        byte[] ok = SyncCodec.encode(new SyncCommand.Batch(List.of(Ops.arrive("b", 1, 2, 3, 4))));

        assertThatThrownBy(() -> SyncCodec.decode(Arrays.copyOf(ok, ok.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCodec.decode(Arrays.copyOf(ok, ok.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCodec.decode(new byte[] {1, 1, 0x7f, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad count");
    }

    @Test
    void aStateWithMorePermitsHeldThanItHasIsRefused() {
        TreeMap<Integer, Integer> holdings = new TreeMap<>();
        holdings.put(0, 2);
        holdings.put(1, 2);

        assertThatThrownBy(() -> new SyncState.SemaphoreState("s", 3, holdings))
                .hasMessage("semaphore s: 4 permits held of 3");
    }
}
