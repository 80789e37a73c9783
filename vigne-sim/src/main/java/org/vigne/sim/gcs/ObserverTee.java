package org.vigne.sim.gcs;

import java.util.List;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/** Passes every event of every node's groups to several observers (checker, log, clocks), in order. */
final class ObserverTee implements GcsObserver {
    private final List<GcsObserver> all;

    ObserverTee(List<GcsObserver> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void applied(GroupId group, long generation, Member member, Entry e, boolean reached) {
        for (GcsObserver o : all) {
            o.applied(group, generation, member, e, reached);
        }
    }

    @Override
    public void restored(GroupId group, long generation, Member member, long index) {
        for (GcsObserver o : all) {
            o.restored(group, generation, member, index);
        }
    }

    @Override
    public void leader(GroupId group, long generation, long term, Member member) {
        for (GcsObserver o : all) {
            o.leader(group, generation, term, member);
        }
    }

    @Override
    public void configuration(GroupId group, long generation, Member member, long index, Configuration config) {
        for (GcsObserver o : all) {
            o.configuration(group, generation, member, index, config);
        }
    }

    @Override
    public void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult result) {
        for (GcsObserver o : all) {
            o.completed(group, clientId, seq, command, result);
        }
    }

    @Override
    public void rebuilt(GroupId group, long generation, long parent, Member member, long baseIndex) {
        for (GcsObserver o : all) {
            o.rebuilt(group, generation, parent, member, baseIndex);
        }
    }

    @Override
    public void dropped(GroupId group, long generation, Member member) {
        for (GcsObserver o : all) {
            o.dropped(group, generation, member);
        }
    }
}
