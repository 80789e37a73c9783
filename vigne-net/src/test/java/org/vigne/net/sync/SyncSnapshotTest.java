package org.vigne.net.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.files.FileSet;
import org.vigne.sync.SyncState;
import org.vigne.sync.SyncState.SemaphoreState;

/** The semaphores' part of a checkpoint: its bytes, its place in the file set, and the rule that restores a round. */
class SyncSnapshotTest {
    private static SemaphoreState sem(String name, int capacity, Map<Integer, Integer> holdings) {
        return new SemaphoreState(name, capacity, new TreeMap<>(holdings));
    }

    private static SyncSnapshot at(int process, SemaphoreState... sems) {
        return new SyncSnapshot(process, new SyncState(3, List.of(sems)));
    }

    @Test
    void encodeThenDecode_insideACheckpoint_givesTheSameSnapshot() {
        SyncSnapshot s = at(1, sem("lock", 3, Map.of(0, 1, 1, 2)), sem("pool", 5, Map.of()));
        FileSet checkpoint = FileSet.of("state", new byte[] {7}).with(SyncSnapshot.PATH, s.encode());
        assertThat(SyncSnapshot.in(checkpoint)).isEqualTo(s);
        assertThat(SyncSnapshot.in(checkpoint.without(SyncSnapshot.PATH))).isNull();
        assertThat(checkpoint.without(SyncSnapshot.PATH).paths()).containsExactly("state");
        assertThatThrownBy(() -> SyncSnapshot.decode(new byte[] {9})).isInstanceOf(MalformedException.class);
    }

    @Test
    void restore_givesEachProcessWhatItsOwnCheckpointHeld_andDeclaresEverySemaphoreKnown() {
        // Process 0 checkpointed holding 2; process 1 checkpointed later, when process 0 held 3 and
        // process 1 had declared "pool": the restart gives process 0 its own 2, not the later 3.
        SyncSnapshot p0 = at(0, sem("lock", 3, Map.of(0, 2)));
        SyncSnapshot p1 = at(1, sem("lock", 3, Map.of(0, 3)), sem("pool", 4, Map.of(1, 1)));
        SyncState s = SyncSnapshot.restore(7, List.of(p0, p1));
        assertThat(s.epoch()).isEqualTo(7);
        assertThat(s.semaphores()).containsExactly(sem("lock", 3, Map.of(0, 2)), sem("pool", 4, Map.of(1, 1)));
        assertThat(SyncSnapshot.restore(7, List.of())).isEqualTo(SyncState.fresh(7));
    }

    @Test
    void restore_refusesARoundWherePermitsMovedBetweenTheCheckpoints() {
        // Process 0 held the only permit at its checkpoint, released it; process 1 took it before its own.
        SyncSnapshot p0 = at(0, sem("lock", 1, Map.of(0, 1)));
        SyncSnapshot p1 = at(1, sem("lock", 1, Map.of(1, 1)));
        assertThatThrownBy(() -> SyncSnapshot.restore(2, List.of(p0, p1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("semaphore \"lock\"")
                .hasMessageContaining("not a consistent cut");
    }

    @Test
    void restore_refusesTwoPermitCountsForOneSemaphore() {
        List<SyncSnapshot> round = List.of(at(0, sem("lock", 1, Map.of())), at(1, sem("lock", 2, Map.of())));
        assertThatThrownBy(() -> SyncSnapshot.restore(2, round))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 permits in one checkpoint");
    }
}
