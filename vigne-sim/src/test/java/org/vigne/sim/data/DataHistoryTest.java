package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.Operation;

/** What restarts and checkpoints add to a history, and the order of events within a millisecond. */
class DataHistoryTest {

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRestartRollsBackToItsCheckpoint_andEachEpochIsCheckedApart() {
        DataHistory h = new DataHistory();
        h.returnWrite(h.callWrite("w", 0, "x", v("1"), 0), 5);
        h.checkpoint(0, "x", v("1"), 6);
        h.returnWrite(h.callWrite("w", 0, "x", v("2"), 7), 9);
        h.restart(1, "x", v("1"), 10);
        h.returnRead(h.callRead("r", 1, "x", 10), v("1"), 12);

        CheckReport r = h.check();
        assertThat(r.linearizable()).as(r.describe()).isTrue();
        assertThat(r.objects()).extracting(o -> o.object()).containsExactly("x@0", "x@1");
    }

    @Test
    void aReadThatMissesTheRollBack_orACheckpointThatMissesAWrite_isAViolation() {
        DataHistory stale = new DataHistory();
        stale.returnWrite(stale.callWrite("w", 1, "x", v("2"), 0), 5);
        stale.restart(2, "x", v("1"), 10);
        stale.returnRead(stale.callRead("r", 2, "x", 11), v("2"), 12);
        assertThat(stale.check().violations()).isEqualTo(1);

        DataHistory checkpoint = new DataHistory();
        checkpoint.returnWrite(checkpoint.callWrite("w", 0, "x", v("1"), 0), 5);
        checkpoint.checkpoint(0, "x", new byte[0], 6);
        assertThat(checkpoint.check().violations()).isEqualTo(1);
    }

    @Test
    void eventsOfOneMillisecond_keepTheirOrder() {
        DataHistory h = new DataHistory();
        int w = h.callWrite("w", 0, "x", v("1"), 3);
        h.returnWrite(w, 7);
        int r = h.callRead("r", 0, "x", 7);
        h.returnRead(r, new byte[0], 8);

        List<Operation> ops = h.operations();
        assertThat(ops.get(0).returnMs()).isLessThan(ops.get(1).callMs());
        assertThat(ops.get(1).callMs()).isBetween(7.0, 7.5);
        assertThat(h.check().violations()).as("the read began after the write returned, in the same ms").isEqualTo(1);
    }

    @Test
    void neverWrittenObjectsReadEmpty_andRefusedCallsAreDropped() throws Exception {
        DataHistory h = new DataHistory();
        h.returnRead(h.callRead("r", 0, "y", 1), new byte[0], 2);
        h.refused(h.callWrite("w", 0, "y", v("big"), 3));
        int pending = h.callWrite("w", 0, "y", v("maybe"), 4);
        assertThat(pending).isNotNegative();
        h.returnRead(h.callRead("r", 0, "y", 5), v("maybe"), 6);
        assertThat(h.check().linearizable()).isTrue();
        assertThat(h.operations()).hasSize(3);

        StringWriter out = new StringWriter();
        h.writeJsonLines(out);
        assertThat(out.toString().lines().findFirst().orElseThrow())
                .isEqualTo("{\"process\":\"r\",\"object\":\"y@0\",\"op\":\"read\",\"input\":null,\"output\":\"\",\"call\":1,\"return\":2}");
    }
}
