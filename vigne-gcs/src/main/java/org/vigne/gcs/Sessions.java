package org.vigne.gcs;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client sessions of one group (Raft dissertation, Sect. 6.3): for every client id, which of its
 * recent sequence numbers were applied and what they returned, so a command retried after a lost
 * answer or a leader change is answered from here instead of being applied again. Part of the
 * replicated state (in snapshots), updated only by applying entries, so every replica agrees.
 *
 * <p>A client may have up to {@link #WINDOW} commands outstanding (applied in any order); the result
 * of every command in that window is kept, so any retry gets its own answer. A session
 * expires once its client has been silent for the configured time by the group's clock (the stamps
 * the leader puts in entries), far longer than any client keeps retrying.
 */
final class Sessions {
    /** Sequence numbers tracked below a client's highest. */
    static final int WINDOW = 64;

    /** What applying a (client, seq) command would be. */
    enum Verdict {
        /** Never applied: apply it. */
        NEW,
        /** Applied already: answer with the recorded result. */
        DUPLICATE,
        /** Older than the session's window: it cannot be told apart, so it is refused. */
        TOO_OLD
    }

    /**
     * One client's session. Its results are two small arrays in the order they were recorded (as
     * a map in insertion order would keep them): most clients send a command or two, and a session
     * lives for minutes, long enough for the collector to move it to the old generation, so each
     * object per session counts (a map per session was a fifth of the live heap in a gnutella run
     * of 2,000 nodes and 10,000 groups: 669 MiB with it, 532 MiB with the arrays, 539,000 sessions).
     */
    private static final class Session {
        long maxSeq;
        /** Bit i set: sequence {@code maxSeq - i} was applied. */
        long window;
        long lastStampMs;
        long[] seqs = new long[1];
        byte[][] results = new byte[1][];
        int count;

        byte[] result(long seq) {
            for (int i = 0; i < count; i++) {
                if (seqs[i] == seq) {
                    return results[i];
                }
            }
            return null;
        }

        void put(long seq, byte[] result) {
            for (int i = 0; i < count; i++) {
                if (seqs[i] == seq) {
                    results[i] = result;
                    return;
                }
            }
            if (count == seqs.length) {
                seqs = Arrays.copyOf(seqs, count * 2);
                results = Arrays.copyOf(results, count * 2);
            }
            seqs[count] = seq;
            results[count++] = result;
        }

        /** Forgets the results of sequence numbers up to {@code oldest}, keeping the others' order. */
        void forgetUpTo(long oldest) {
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (seqs[i] > oldest) {
                    seqs[kept] = seqs[i];
                    results[kept++] = results[i];
                }
            }
            Arrays.fill(results, kept, count, null);
            count = kept;
        }
    }

    /** Least recently used first (a used session is moved to the end). */
    private final LinkedHashMap<Long, Session> byClient = new LinkedHashMap<>();

    int size() {
        return byClient.size();
    }

    Verdict check(long clientId, long seq) {
        Session s = byClient.get(clientId);
        if (s == null || seq > s.maxSeq) {
            return Verdict.NEW;
        }
        long back = s.maxSeq - seq;
        if (back >= WINDOW) {
            return Verdict.TOO_OLD;
        }
        return (s.window & (1L << back)) != 0 ? Verdict.DUPLICATE : Verdict.NEW;
    }

    /** The recorded result of an applied command, or null when no longer kept. */
    byte[] result(long clientId, long seq) {
        Session s = byClient.get(clientId);
        return s == null ? null : s.result(seq);
    }

    /** Records that (client, seq) was applied with {@code result}, at group time {@code stampMs}. */
    void record(long clientId, long seq, byte[] result, long stampMs) {
        Session s = byClient.remove(clientId);
        if (s == null) {
            s = new Session();
            s.maxSeq = seq;
            s.window = 1;
        } else if (seq > s.maxSeq) {
            long shift = seq - s.maxSeq;
            s.window = shift >= WINDOW ? 1 : (s.window << shift) | 1;
            s.maxSeq = seq;
        } else {
            s.window |= 1L << (s.maxSeq - seq);
        }
        s.lastStampMs = Math.max(s.lastStampMs, stampMs);
        s.put(seq, result);
        s.forgetUpTo(s.maxSeq - WINDOW);
        byClient.put(clientId, s);
    }

    /** Drops the sessions silent since before {@code nowMs - ttlMs} (group time). */
    void expire(long nowMs, long ttlMs) {
        Iterator<Session> it = byClient.values().iterator();
        while (it.hasNext()) {
            if (it.next().lastStampMs >= nowMs - ttlMs) {
                return;
            }
            it.remove();
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(byClient.size());
        for (Map.Entry<Long, Session> e : byClient.entrySet()) {
            Session s = e.getValue();
            out.writeLong(e.getKey());
            out.writeLong(s.maxSeq);
            out.writeLong(s.window);
            out.writeLong(s.lastStampMs);
            out.writeInt(s.count);
            for (int i = 0; i < s.count; i++) {
                out.writeLong(s.seqs[i]);
                out.writeInt(s.results[i].length);
                out.write(s.results[i]);
            }
        }
    }

    /** Reads what {@link #write} wrote; no length read may exceed {@code limit} (the input's size). */
    void read(DataInputStream in, int limit) throws IOException {
        byClient.clear();
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IOException("bad session count " + n);
        }
        for (int i = 0; i < n; i++) {
            long client = in.readLong();
            Session s = new Session();
            s.maxSeq = in.readLong();
            s.window = in.readLong();
            s.lastStampMs = in.readLong();
            int results = in.readInt();
            if (results < 0 || results > limit) {
                throw new IOException("bad result count " + results);
            }
            for (int k = 0; k < results; k++) {
                long seq = in.readLong();
                int len = in.readInt();
                if (len < 0 || len > limit) {
                    throw new IOException("bad result length " + len);
                }
                byte[] r = new byte[len];
                in.readFully(r);
                s.put(seq, r);
            }
            byClient.put(client, s);
        }
    }
}
