package org.vigne.sim.apps;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/**
 * Passes group events to the group checker (agreement, no gap, no duplicate, one leader per
 * term) and counts the failovers of one kind of group: each leader of a (generation, term) after
 * a group's first is one failover.
 */
final class FailoverCounter implements GcsObserver {
    private record Term(long generation, long term) {
    }

    private final GcsObserver next;
    private final String kind;
    private final Map<GroupId, Set<Term>> terms = new HashMap<>();
    private long failovers;

    FailoverCounter(GcsObserver next, String kind) {
        this.next = next;
        this.kind = kind;
    }

    long failovers() {
        return failovers;
    }

    @Override
    public void leader(GroupId group, long generation, long term, Member member) {
        next.leader(group, generation, term, member);
        if (group.kind().equals(kind)) {
            Set<Term> seen = terms.computeIfAbsent(group, g -> new HashSet<>());
            if (seen.add(new Term(generation, term)) && seen.size() > 1) {
                failovers++;
            }
        }
    }

    @Override
    public void applied(GroupId group, long generation, Member member, Entry e, boolean reachedStateMachine) {
        next.applied(group, generation, member, e, reachedStateMachine);
    }

    @Override
    public void restored(GroupId group, long generation, Member member, long index) {
        next.restored(group, generation, member, index);
    }

    @Override
    public void configuration(GroupId group, long generation, Member member, long index, Configuration config) {
        next.configuration(group, generation, member, index, config);
    }

    /**
     * Not passed on for this counter's kind: the group checker compares an acknowledged result
     * with the state of its probe state machine, which managers are not.
     */
    @Override
    public void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult result) {
        if (!group.kind().equals(kind)) {
            next.completed(group, clientId, seq, command, result);
        }
    }

    @Override
    public void rebuilt(GroupId group, long generation, long parent, Member member, long baseIndex) {
        next.rebuilt(group, generation, parent, member, baseIndex);
    }

    @Override
    public void dropped(GroupId group, long generation, Member member) {
        next.dropped(group, generation, member);
    }
}
