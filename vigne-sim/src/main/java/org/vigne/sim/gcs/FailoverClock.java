package org.vigne.sim.gcs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.Stats;

/**
 * Times failovers for the experiment: when a node that leads groups departs (crash or leave), each
 * of those groups' failover runs from that instant to the first entry of a later term (or
 * generation) that any replica of the group applies: the group's next commit under a new leader.
 * Also counts leader changes.
 */
final class FailoverClock implements GcsObserver {
    private record Lead(long generation, long term, int node) {
    }

    private record Pending(long sinceMs, long generation, long term) {
    }

    private final LongSupplier clock;
    private final Map<GroupId, Lead> leaders = new HashMap<>();
    private final Map<Integer, Set<GroupId>> ledBy = new HashMap<>();
    private final Map<GroupId, Pending> pending = new HashMap<>();
    final Stats failovers = new Stats();
    boolean measuring;
    long leaderChanges;
    long leaderDepartures;

    FailoverClock(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void leader(GroupId group, long generation, long term, Member member) {
        if (measuring) {
            leaderChanges++;
        }
        Lead was = leaders.put(group, new Lead(generation, term, member.node().port()));
        if (was != null) {
            Set<GroupId> s = ledBy.get(was.node());
            if (s != null) {
                s.remove(group);
            }
        }
        ledBy.computeIfAbsent(member.node().port(), k -> new HashSet<>()).add(group);
    }

    @Override
    public void applied(GroupId group, long generation, Member member, Entry e, boolean reached) {
        Pending p = pending.get(group);
        if (p != null && (generation != p.generation() || e.term() > p.term())) {
            failovers.add(clock.getAsLong() - p.sinceMs());
            pending.remove(group);
        }
    }

    /** {@code n} departs now: the groups it leads start a failover. */
    void departed(SimNode n) {
        Set<GroupId> led = ledBy.remove(n.index());
        if (led == null || !measuring) {
            return;
        }
        for (GroupId g : led) {
            Lead l = leaders.get(g);
            if (l != null && l.node() == n.index() && !pending.containsKey(g)) {
                leaderDepartures++;
                pending.put(g, new Pending(clock.getAsLong(), l.generation(), l.term()));
            }
        }
    }

    /** Failovers still waiting for their next commit. */
    int unresolved() {
        return pending.size();
    }
}
