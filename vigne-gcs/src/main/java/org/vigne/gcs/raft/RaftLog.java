package org.vigne.gcs.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * One replica's log: a snapshot's (index, term, configuration) and the entries after it, in memory,
 * with the commit index. Entry {@code i} sits at position {@code i - snapIndex - 1} of the list.
 * The applied index is kept by the group above; this class only refuses to compact past it.
 */
final class RaftLog {
    private long snapIndex;
    private long snapTerm;
    private Configuration snapConfig;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long committed;
    private long applied;

    RaftLog(Configuration initial) {
        this.snapConfig = initial;
    }

    long firstIndex() {
        return snapIndex + 1;
    }

    long lastIndex() {
        return snapIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapTerm : entries.get(entries.size() - 1).term();
    }

    long snapshotIndex() {
        return snapIndex;
    }

    long committed() {
        return committed;
    }

    long applied() {
        return applied;
    }

    /** Term of the entry at {@code i}; -1 when it is compacted away or beyond the end. */
    long term(long i) {
        if (i == snapIndex) {
            return snapTerm;
        }
        if (i < snapIndex || i > lastIndex()) {
            return -1;
        }
        return entries.get((int) (i - snapIndex - 1)).term();
    }

    Entry entry(long i) {
        return entries.get((int) (i - snapIndex - 1));
    }

    boolean matchTerm(long i, long t) {
        long mine = term(i);
        return mine >= 0 && mine == t;
    }

    /** Raft's election restriction (Sect. 5.4.1): is a log ending at (lastIdx, lastT) at least as up to date as this one? */
    boolean isUpToDate(long lastIdx, long lastT) {
        return lastT > lastTerm() || (lastT == lastTerm() && lastIdx >= lastIndex());
    }

    /** Appends at the end (leader side); the entries carry consecutive indexes from lastIndex + 1. */
    void append(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalStateException("append at " + e.index() + " after " + lastIndex());
        }
        entries.add(e);
    }

    /**
     * Follower side (log matching, Sect. 5.3): if this log holds the entry ({@code prevIndex},
     * {@code prevTerm}), keeps the entries that agree, truncates at the first conflict and appends
     * the rest. Returns the index of the last entry known to match the leader's, or -1 when the
     * previous entry does not match. Returns whether a conflict truncated the log through {@code truncated}.
     */
    long maybeAppend(long prevIndex, long prevTerm, List<Entry> incoming, boolean[] truncated) {
        if (prevIndex < snapIndex) {
            // Entries up to the snapshot are committed, so they agree with the leader's: skip them.
            int skip = (int) Math.min(incoming.size(), snapIndex - prevIndex);
            if (skip == incoming.size()) {
                return prevIndex + incoming.size();
            }
            return maybeAppend(snapIndex, snapTerm, incoming.subList(skip, incoming.size()), truncated);
        }
        if (!matchTerm(prevIndex, prevTerm)) {
            return -1;
        }
        for (Entry e : incoming) {
            long t = term(e.index());
            if (t == e.term()) {
                continue;
            }
            if (t >= 0) {
                if (e.index() <= committed) {
                    throw new IllegalStateException("conflict at committed index " + e.index());
                }
                truncateFrom(e.index());
                truncated[0] = true;
            }
            entries.add(e);
        }
        return prevIndex + incoming.size();
    }

    private void truncateFrom(long i) {
        int from = (int) (i - snapIndex - 1);
        entries.subList(from, entries.size()).clear();
    }

    /**
     * The rejecting follower's hint (etcd's findConflictByTerm): the last index at or below
     * {@code index} whose term is at most {@code t}, so the leader can skip a whole uncommitted tail.
     */
    long findConflictByTerm(long index, long t) {
        long i = Math.min(index, lastIndex());
        while (i > snapIndex) {
            if (term(i) <= t) {
                return i;
            }
            i--;
        }
        return snapIndex;
    }

    /** Entries from {@code from} on, at most {@code maxBytes} of them (at least one). */
    List<Entry> slice(long from, int maxBytes) {
        List<Entry> out = new ArrayList<>();
        int bytes = 0;
        for (long i = from; i <= lastIndex(); i++) {
            Entry e = entry(i);
            bytes += e.sizeBytes();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    void commitTo(long i) {
        if (i > committed) {
            if (i > lastIndex()) {
                throw new IllegalStateException("commit " + i + " beyond the last index " + lastIndex());
            }
            committed = i;
        }
    }

    void appliedTo(long i) {
        if (i > committed || i < applied) {
            throw new IllegalStateException("applied " + i + " outside [" + applied + ", " + committed + "]");
        }
        applied = i;
    }

    /** The latest configuration in the log (in force now), and the index of its entry (the snapshot's when none). */
    Configuration latestConfig() {
        for (int k = entries.size() - 1; k >= 0; k--) {
            Entry e = entries.get(k);
            if (e.kind() == EntryKind.CONFIG) {
                return e.config();
            }
        }
        return snapConfig;
    }

    long latestConfigIndex() {
        for (int k = entries.size() - 1; k >= 0; k--) {
            if (entries.get(k).kind() == EntryKind.CONFIG) {
                return entries.get(k).index();
            }
        }
        return snapIndex;
    }

    /** The configuration in force at index {@code i} (from the snapshot on). */
    Configuration configAt(long i) {
        Configuration c = snapConfig;
        for (long k = snapIndex + 1; k <= Math.min(i, lastIndex()); k++) {
            Entry e = entry(k);
            if (e.kind() == EntryKind.CONFIG) {
                c = e.config();
            }
        }
        return c;
    }

    /** Drops the entries up to {@code i} (applied ones only): they live on in the state machine. */
    void compact(long i) {
        if (i <= snapIndex) {
            return;
        }
        if (i > applied) {
            throw new IllegalStateException("compact " + i + " beyond the applied index " + applied);
        }
        Configuration c = configAt(i);
        long t = term(i);
        entries.subList(0, (int) (i - snapIndex)).clear();
        snapIndex = i;
        snapTerm = t;
        snapConfig = c;
    }

    /** Replaces the whole log by a snapshot (entries that agree with it past its index are kept). */
    void restore(Snapshot s) {
        if (matchTerm(s.index(), s.term()) && s.index() <= lastIndex()) {
            entries.subList(0, (int) (s.index() - snapIndex)).clear();
        } else {
            entries.clear();
        }
        snapIndex = s.index();
        snapTerm = s.term();
        snapConfig = s.config();
        committed = Math.max(committed, s.index());
        applied = s.index();
    }

    int size() {
        return entries.size();
    }
}
