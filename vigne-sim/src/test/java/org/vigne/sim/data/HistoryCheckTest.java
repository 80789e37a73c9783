package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.vigne.sim.data.History.Op;

/** The history check on hand-written histories: pieces per epoch and checkpoint, and the register search. */
class HistoryCheckTest {

    /** Records an operation called at {@code call} and returned at {@code ret} (-1: never). */
    private static void op(History h, String p, long epoch, Op op, String in, String expected, String out, long call,
                           long ret) {
        int handle = h.called(p, epoch, "x", op, in, expected, call);
        if (ret < 0) {
            h.abandoned(handle);
        } else {
            h.returned(handle, out, ret);
        }
    }

    @Test
    void aStaleReadAfterACompletedWrite_isNotLinearizable() {
        History h = new History();
        op(h, "w", 0, Op.WRITE, "1", null, "ok", 0, 10);
        op(h, "r", 0, Op.READ, null, null, "", 20, 30);

        HistoryCheck.Report r = HistoryCheck.check(h);
        assertThat(r.violations()).isEqualTo(1);
        assertThat(r.failures()).singleElement().asString().contains("epoch 0", "object x");
    }

    @Test
    void aReadConcurrentWithAWrite_mayReturnEitherValue() {
        for (String seen : new String[] {"", "1"}) {
            History h = new History();
            int w = h.called("w", 0, "x", Op.WRITE, "1", null, 0);
            op(h, "r", 0, Op.READ, null, null, seen, 5, 8);
            h.returned(w, "ok", 10);
            assertThat(HistoryCheck.check(h).linearizable()).as("read %s", seen).isTrue();
        }
    }

    @Test
    void twoReadsOrderedInTime_cannotSeeTheWritesInOppositeOrders() {
        History h = new History();
        int w = h.called("w", 0, "x", Op.WRITE, "1", null, 0);
        op(h, "r1", 0, Op.READ, null, null, "1", 1, 2);
        op(h, "r2", 0, Op.READ, null, null, "", 3, 4);
        h.returned(w, "ok", 10);
        assertThat(HistoryCheck.check(h).linearizable()).isFalse();
    }

    @Test
    void compareAndSet_succeedsOnlyOnTheExpectedValue() {
        History ok = new History();
        op(ok, "a", 0, Op.WRITE, "1", null, "ok", 0, 1);
        op(ok, "b", 0, Op.CAS, "2", "1", "ok", 2, 3);
        op(ok, "c", 0, Op.CAS, "3", "1", "conflict", 4, 5);
        op(ok, "d", 0, Op.READ, null, null, "2", 6, 7);
        assertThat(HistoryCheck.check(ok).linearizable()).isTrue();

        History lost = new History();
        op(lost, "b", 0, Op.CAS, "1", "", "ok", 0, 3);
        op(lost, "c", 0, Op.CAS, "1", "", "ok", 1, 4);
        assertThat(HistoryCheck.check(lost).linearizable()).as("two increments from the same value").isFalse();
    }

    @Test
    void aWriteThatNeverReturned_mayOrMayNotHaveTakenEffect() {
        for (String seen : new String[] {"", "1"}) {
            History h = new History();
            op(h, "w", 0, Op.WRITE, "1", null, null, 0, -1);
            op(h, "r", 0, Op.READ, null, null, seen, 50, 60);
            assertThat(HistoryCheck.check(h).linearizable()).as("read %s", seen).isTrue();
        }
    }

    @Test
    void aRestartRollsBackToItsCheckpoint_andCheckpointsCutTheHistory() {
        History h = new History();
        op(h, "w", 0, Op.WRITE, "1", null, "ok", 0, 1);
        h.instant(History.CHECKPOINT, 0, "x", Op.READ, "1", 2);
        op(h, "w", 0, Op.WRITE, "2", null, "ok", 3, 4);
        h.instant(History.RESTART, 1, "x", Op.WRITE, "1", 10);
        op(h, "r", 1, Op.READ, null, null, "1", 11, 12);
        HistoryCheck.Report r = HistoryCheck.check(h);
        assertThat(r.linearizable()).isTrue();
        assertThat(r.checked()).isEqualTo(3);

        History bad = new History();
        op(bad, "w", 0, Op.WRITE, "1", null, "ok", 0, 1);
        bad.instant(History.CHECKPOINT, 0, "x", Op.READ, "", 2);
        assertThat(HistoryCheck.check(bad).linearizable()).as("a checkpoint that missed a completed write").isFalse();
    }

    @Test
    void jsonLines_carryEveryField() throws Exception {
        History h = new History();
        op(h, "w0", 0, Op.CAS, "2", "1", "conflict", 5, 9);
        op(h, "r1", 0, Op.READ, null, null, null, 6, -1);
        StringWriter out = new StringWriter();
        h.writeJsonLines(out);
        assertThat(out.toString().lines()).containsExactly(
                "{\"process\":\"w0\",\"epoch\":0,\"object\":\"x\",\"op\":\"cas\",\"input\":[\"1\",\"2\"],"
                        + "\"output\":\"conflict\",\"call\":5,\"return\":9}",
                "{\"process\":\"r1\",\"epoch\":0,\"object\":\"x\",\"op\":\"read\",\"input\":null,\"output\":null,"
                        + "\"call\":6,\"return\":null}");
    }
}
