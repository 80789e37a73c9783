package org.vigne.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.vigne.gcs.Applied;

/**
 * Properties of the sync state machine over random command streams: a replica restored from a
 * snapshot behaves as one that applied the whole log, no permit is created or lost, and no
 * barrier generation is released before as many distinct processes as its parties arrived in it.
 */
class SyncStateMachineProperties {
    private static final int PROCESSES = 4;

    @Property(seed = "7139", tries = 300)
    void aReplicaRestoredFromASnapshot_answersAsTheOneThatAppliedEverything(
            @ForAll("streams") List<byte[]> commands, @ForAll @IntRange(min = 0, max = 60) int cut) {
        SyncStateMachine whole = new SyncStateMachine();
        int at = Math.min(cut, commands.size());
        for (int i = 0; i < at; i++) {
            whole.apply(i + 1, commands.get(i));
        }
        SyncStateMachine restored = new SyncStateMachine();
        restored.restore(whole.snapshot());
        assertThat(restored.snapshot()).isEqualTo(whole.snapshot());
        for (int i = at; i < commands.size(); i++) {
            Applied a = whole.apply(i + 1, commands.get(i));
            Applied b = restored.apply(i + 1, commands.get(i));
            assertThat(b.result()).isEqualTo(a.result());
            assertThat(Ops.sent(b)).isEqualTo(Ops.sent(a));
        }
    }

    @Property(seed = "7139", tries = 300)
    void permitsAreNeverCreatedNorLost_andBarriersNeverReleaseEarly(@ForAll("streams") List<byte[]> commands) {
        SyncStateMachine sm = new SyncStateMachine();
        // (epoch, barrier, generation) -> party count an arrival carried -> processes that carried it
        Map<String, Map<Integer, Set<Integer>>> arrivedIn = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            byte[] c = commands.get(i);
            SyncCommand cmd = SyncCodec.decode(c);
            if (cmd instanceof SyncCommand.Batch b) {
                for (SyncOp op : b.ops()) {
                    if (op.kind() == OpKind.ARRIVE) {
                        arrivedIn.computeIfAbsent(op.epoch() + "/" + op.name() + "/" + op.seq(), k -> new HashMap<>())
                                .computeIfAbsent(op.count(), k -> new HashSet<>()).add(op.process());
                    }
                }
            }
            Applied a = sm.apply(i + 1, c);
            for (Notice n : Ops.notices(a)) {
                if (n.kind() == OpKind.ARRIVE && n.outcome() == Outcome.RELEASED) {
                    // some party count P was carried by at least P distinct processes of that generation
                    assertThat(arrivedIn.get(n.epoch() + "/" + n.name() + "/" + n.seq()).entrySet())
                            .as("arrivals by party count before %s", n)
                            .anyMatch(e -> e.getValue().size() >= e.getKey());
                }
            }
            for (SyncState.SemaphoreState s : sm.state().semaphores()) {
                assertThat(sm.available(s.name())).isEqualTo(s.available()).isBetween(0, s.capacity());
            }
        }
    }

    @Provide
    Arbitrary<List<byte[]>> streams() {
        Arbitrary<SyncOp> ops = Combinators.combine(
                Arbitraries.of(OpKind.values()), Arbitraries.of("a", "b"), Arbitraries.integers().between(0, PROCESSES - 1),
                Arbitraries.longs().between(0, 2), Arbitraries.longs().between(0, 3), Arbitraries.integers().between(1, 3))
                .as((kind, name, process, epoch, seq, count) -> Ops.sem(kind, name, process, epoch, seq, count));
        Arbitrary<byte[]> batch = ops.list().ofMinSize(1).ofMaxSize(6)
                .map(l -> SyncCodec.encode(new SyncCommand.Batch(l)));
        Arbitrary<byte[]> control = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 2).map(Ops::reset),
                Combinators.combine(Arbitraries.integers().between(0, PROCESSES - 1), Arbitraries.longs().between(0, 2))
                        .as(Ops::gone),
                Arbitraries.just(SyncCodec.encode(new SyncCommand.Capture())),
                Arbitraries.just(SyncCodec.encode(new SyncCommand.End())));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, batch), net.jqwik.api.Tuple.of(2, control))
                .list().ofMinSize(1).ofMaxSize(60).map(ArrayList::new);
    }
}
