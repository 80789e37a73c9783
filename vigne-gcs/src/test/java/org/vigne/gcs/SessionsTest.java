package org.vigne.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Client sessions answer a retried command with its own result, refuse what is too old to tell
 * apart, and survive a snapshot unchanged, compared with a plain model of what was applied.
 */
class SessionsTest {
    @Test
    void aRetry_getsItsOwnResult_andOnlyTheWindowIsKept() {
        Sessions s = new Sessions();
        s.record(7, 1, bytes(1), 0);
        s.record(7, 3, bytes(3), 0);
        assertThat(s.check(7, 1)).isEqualTo(Sessions.Verdict.DUPLICATE);
        assertThat(s.check(7, 2)).isEqualTo(Sessions.Verdict.NEW);
        assertThat(s.check(7, 4)).isEqualTo(Sessions.Verdict.NEW);
        assertThat(s.check(8, 1)).isEqualTo(Sessions.Verdict.NEW);
        assertThat(s.result(7, 1)).containsExactly(1);
        assertThat(s.result(7, 3)).containsExactly(3);
        assertThat(s.result(7, 2)).isNull();

        s.record(7, 1 + Sessions.WINDOW, bytes(9), 0);
        assertThat(s.check(7, 1)).isEqualTo(Sessions.Verdict.TOO_OLD);
        assertThat(s.result(7, 1)).isNull();
        assertThat(s.result(7, 3)).containsExactly(3);
    }

    /** A jump of exactly the window's width starts a fresh window (Java shifts a long by 64 as by 0). */
    @Test
    void aJumpOfExactlyTheWindow_forgetsEveryOlderSequence() {
        Sessions s = new Sessions();
        s.record(7, 3, bytes(3), 0);
        s.record(7, 1, bytes(1), 0);
        s.record(7, 3 + Sessions.WINDOW, bytes(9), 0);
        assertThat(s.check(7, 1 + Sessions.WINDOW)).isEqualTo(Sessions.Verdict.NEW);
        assertThat(s.check(7, 3 + Sessions.WINDOW)).isEqualTo(Sessions.Verdict.DUPLICATE);
    }

    @Test
    void silentSessions_expireLeastRecentlyUsedFirst() {
        Sessions s = new Sessions();
        s.record(1, 1, bytes(1), 100);
        s.record(2, 1, bytes(2), 200);
        s.record(1, 2, bytes(3), 300);
        s.expire(400, 150);
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.check(2, 1)).isEqualTo(Sessions.Verdict.NEW);
        assertThat(s.check(1, 2)).isEqualTo(Sessions.Verdict.DUPLICATE);
    }

    /**
     * Random commands of a few clients, applied in any order within their window: every verdict and
     * result matches a model that remembers everything, within the window; a snapshot restores the
     * same answers and writes the same bytes again.
     */
    @Property(seed = "7191", tries = 300)
    void matchesAModel_andASnapshotKeepsEverything(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 3 * 70) Integer> ops) throws IOException {
        Sessions s = new Sessions();
        Map<Long, TreeMap<Long, Integer>> model = new HashMap<>();
        Map<Long, Long> max = new HashMap<>();
        for (int op : ops) {
            long client = op % 3;
            long seq = 1 + op / 3;
            long highest = max.getOrDefault(client, 0L);
            boolean applied = model.containsKey(client) && model.get(client).containsKey(seq);
            Sessions.Verdict expected = !model.containsKey(client) || seq > highest ? Sessions.Verdict.NEW
                    : highest - seq >= Sessions.WINDOW ? Sessions.Verdict.TOO_OLD
                    : applied ? Sessions.Verdict.DUPLICATE : Sessions.Verdict.NEW;
            assertThat(s.check(client, seq)).as("client %d seq %d", client, seq).isEqualTo(expected);
            if (expected == Sessions.Verdict.NEW) {
                s.record(client, seq, bytes(op), 0);
                model.computeIfAbsent(client, c -> new TreeMap<>()).put(seq, op);
                max.put(client, Math.max(highest, seq));
            }
        }
        Sessions restored = roundTrip(s);
        assertThat(snapshot(restored)).isEqualTo(snapshot(s));
        for (Map.Entry<Long, TreeMap<Long, Integer>> c : model.entrySet()) {
            long highest = max.get(c.getKey());
            for (Map.Entry<Long, Integer> e : c.getValue().entrySet()) {
                boolean kept = highest - e.getKey() < Sessions.WINDOW;
                for (Sessions x : List.of(s, restored)) {
                    if (kept) {
                        assertThat(x.result(c.getKey(), e.getKey())).containsExactly(bytes(e.getValue()));
                    } else {
                        assertThat(x.result(c.getKey(), e.getKey())).isNull();
                    }
                }
            }
        }
    }

    private static byte[] bytes(int v) {
        return new byte[] {(byte) v};
    }

    private static byte[] snapshot(Sessions s) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        s.write(new DataOutputStream(buf));
        return buf.toByteArray();
    }

    private static Sessions roundTrip(Sessions s) throws IOException {
        byte[] b = snapshot(s);
        Sessions r = new Sessions();
        r.read(new DataInputStream(new ByteArrayInputStream(b)), b.length);
        return r;
    }
}
