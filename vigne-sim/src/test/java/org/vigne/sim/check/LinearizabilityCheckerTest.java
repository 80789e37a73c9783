package org.vigne.sim.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigne.sim.check.Operation.NEVER;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.sim.check.ObjectResult.Verdict;

/** Hand-written histories whose verdict is known, each named for the rule it exercises. */
class LinearizabilityCheckerTest {
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    static byte[] v(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static Operation read(String p, String value, double call, double ret) {
        return Operation.read(p, "x", v(value), call, ret);
    }

    static Operation write(String p, String value, double call, double ret) {
        return Operation.write(p, "x", v(value), call, ret);
    }

    static Operation cas(String p, String expected, String next, boolean ok, double call, double ret) {
        return Operation.cas(p, "x", v(expected), v(next), ok, call, ret);
    }

    private ObjectResult check(Operation... ops) {
        CheckReport report = checker.check(List.of(ops));
        assertThat(report.objects()).hasSize(1);
        return report.objects().get(0);
    }

    @Test
    void staleReadAfterCompletedWrite_isAViolation_explainedByTheWriteAndTheRead() {
        Operation w1 = write("w", "1", 0, 10);
        Operation w2 = write("w", "2", 20, 30);
        Operation stale = read("r", "1", 40, 50);
        ObjectResult r = check(w1, read("r", "1", 12, 15), w2, stale);
        assertThat(r.verdict()).as(r.describe()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.stuckAt()).isEqualTo(stale);
        assertThat(r.explanation()).containsExactly(w2, stale);
        assertThat(r.fromAnyValue()).isTrue();
    }

    @Test
    void readOfTheLatestCompletedWrite_isLinearizable() {
        assertThat(check(write("w", "1", 0, 10), write("w", "2", 20, 30), read("r", "2", 40, 50)).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void casThatSucceedsTwiceFromOneValue_isAViolation() {
        Operation first = cas("a", "0", "1", true, 10, 20);
        Operation second = cas("b", "0", "2", true, 30, 40);
        ObjectResult r = check(write("w", "0", 0, 5), first, second);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.explanation()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void twoConcurrentCasFromOneValue_oneWinsOneFails_isLinearizable() {
        assertThat(check(write("w", "0", 0, 5), cas("a", "0", "1", true, 10, 40), cas("b", "0", "2", false, 12, 30),
                read("r", "1", 50, 60)).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readsOverlappingAWrite_mayReturnOldOrNew_butNeverNewThenOld() {
        Operation write = write("w", "1", 0, 100);
        assertThat(check(write("w", "0", -10, -5), write, read("a", "0", 10, 20), read("b", "1", 30, 40),
                read("c", "1", 35, 90), read("d", "0", 5, 95)).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        ObjectResult inverted = check(write("w", "0", -10, -5), write, read("a", "1", 10, 20), read("b", "0", 30, 40));
        assertThat(inverted.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        // From any initial value, a read of 1 and a later read of 0 with no write between cannot both be right.
        assertThat(inverted.explanation()).containsExactly(read("a", "1", 10, 20), read("b", "0", 30, 40));
    }

    @Test
    void unreturnedWrite_mayTakeEffectLate() {
        assertThat(check(write("w", "0", -10, -5), write("w", "1", 0, NEVER), read("r", "0", 50, 60),
                read("r", "1", 500, 600)).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unreturnedWrite_mayNeverTakeEffect() {
        assertThat(check(write("w", "0", -10, -5), write("w", "1", 0, NEVER), read("r", "0", 50, 60),
                read("r", "0", 500, 600)).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unreturnedWrite_onceSeenStays() {
        ObjectResult r = check(write("w", "0", -10, -5), write("w", "1", 0, NEVER), read("r", "1", 50, 60),
                read("r", "0", 500, 600));
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.stuckAt()).isEqualTo(read("r", "0", 500, 600));
    }

    @Test
    void unreturnedCas_takesEffectOnlyIfItsExpectedValueIsThere() {
        assertThat(check(cas("c", null, "1", false, 0, NEVER), read("r", "1", 50, 60)).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(check(write("w", "0", -10, -5), cas("c", null, "1", false, 0, NEVER), read("r", "1", 50, 60))
                .verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void unreturnedRead_constrainsNothing() {
        assertThat(check(write("w", "1", 0, 10), read("r", null, 20, NEVER), read("r", "1", 30, 40)).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readOfAValueNeverWritten_isAViolationFromTheInitialValue() {
        ObjectResult r = check(read("r", "ghost", 0, 10));
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.fromAnyValue()).isFalse();
        assertThat(checker.withInitialValue(v("ghost")).check(List.of(read("r", "ghost", 0, 10))).linearizable())
                .isTrue();
    }

    @Test
    void oneProcessCallingAgainAtTheInstantItReturned_isStillOrdered() {
        // r's two reads touch at t=20: as one process's, the second follows the first, so new-then-old fails.
        List<Operation> sameProcess = List.of(write("w", "0", 0, 1), write("w", "1", 5, 25), read("r", "1", 10, 20),
                read("r", "0", 20, 30));
        assertThat(checker.check(sameProcess).violations()).isEqualTo(1);
        // The same times from two processes are concurrent at t=20, and the history is fine.
        List<Operation> twoProcesses = List.of(write("w", "0", 0, 1), write("w", "1", 5, 25), read("r", "1", 10, 20),
                read("s", "0", 20, 30));
        assertThat(checker.check(twoProcesses).linearizable()).isTrue();
    }

    @Test
    void objectsAreCheckedApart() {
        List<Operation> h = new ArrayList<>(List.of(write("w", "1", 0, 10), read("r", "0", 20, 30)));
        h.add(Operation.write("w", "y", v("1"), 0, 10));
        h.add(Operation.read("r", "y", v("1"), 20, 30));
        CheckReport report = checker.check(h);
        assertThat(report.objects()).extracting(ObjectResult::object).containsExactly("x", "y");
        assertThat(report.objects()).extracting(ObjectResult::verdict)
                .containsExactly(Verdict.NOT_LINEARIZABLE, Verdict.LINEARIZABLE);
        assertThat(report.violations()).isEqualTo(1);
        assertThat(report.linearizable()).isFalse();
        assertThat(report.describe()).contains("object x: NOT_LINEARIZABLE", "object y: LINEARIZABLE",
                "r x.read() -> \"0\" [20, 30]");
    }

    @Test
    void searchThatRunsOutOfSteps_saysUnknown() {
        // Ten concurrent writes and reads that pin down their order: the search must branch among the writes.
        List<Operation> h = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            h.add(write("w" + i, Integer.toString(i), 0, 100));
        }
        for (int i = 9; i >= 0; i--) {
            h.add(read("r", Integer.toString(i), 110 + 10 * (9 - i), 115 + 10 * (9 - i)));
        }
        ObjectResult bounded = checker.withMaxSteps(5).check(h).objects().get(0);
        assertThat(bounded.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(checker.check(h).violations()).isEqualTo(1);
    }

    @Test
    void aHistoryWithOtherObjectsInIt_isRefusedByCheckObject() {
        assertThatThrownBy(() -> checker.checkObject("y", List.of(read("r", null, 0, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("among y's");
    }
}
