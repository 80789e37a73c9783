package org.vigne.gcs.raft;

/** The leader's view of one follower's log (etcd's tracker.Progress, simplified). */
final class Progress {
    /** How the leader sends to this follower. */
    enum State {
        /** Not sure where the follower's log ends: one append at a time, the next after an answer. */
        PROBE,
        /** The follower keeps up: appends are sent as entries arrive, optimistically. */
        REPLICATE,
        /** A snapshot is on its way; nothing else until it is acknowledged or times out. */
        SNAPSHOT
    }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE: an append is out and unanswered. */
    boolean paused;
    long pendingSnapshot;
    long snapshotSentTick;
    /** Heartbeat answers in a row without progress while entries are missing. */
    int stalled;
    /** Heard from since the last quorum check. */
    boolean recentActive = true;
    /** Not a voter (yet): catching up before the leader adds it to the configuration. */
    boolean learner;

    Progress(long next, boolean learner) {
        this.next = next;
        this.learner = learner;
    }

    /** An acknowledged match at {@code n}; returns true when it is news. */
    boolean maybeUpdate(long n) {
        boolean updated = false;
        if (n > match) {
            match = n;
            updated = true;
            stalled = 0;
            paused = false;
        }
        next = Math.max(next, n + 1);
        return updated;
    }

    /**
     * A rejection of the append after {@code rejected}, with the follower's hint that it matches at
     * most up to {@code matchHint}. Returns false when the rejection is stale.
     */
    boolean maybeDecrTo(long rejected, long matchHint) {
        if (state == State.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
        paused = false;
        return true;
    }

    void becomeProbe() {
        if (state == State.SNAPSHOT) {
            next = Math.max(match + 1, pendingSnapshot + 1);
            pendingSnapshot = 0;
        } else {
            next = match + 1;
        }
        state = State.PROBE;
        paused = false;
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = match + 1;
        paused = false;
    }

    void becomeSnapshot(long index, long tick) {
        state = State.SNAPSHOT;
        pendingSnapshot = index;
        snapshotSentTick = tick;
    }
}
