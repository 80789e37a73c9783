package org.vigne.sim.gcs;

import java.util.List;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;
import org.vigne.sim.Simulator;

/**
 * Passes every event of every node's groups to several observers (checker, log, clocks), in order.
 * The observers are the world's: each event reaches them as an effect the simulator runs after its
 * window ({@link Simulator#defer}), in the order of (instant, node), with the clock at its instant.
 * Events of two nodes that are causally related are at least one network delay apart, so that
 * order never puts an effect before its cause.
 */
final class ObserverTee implements GcsObserver {
    private final Simulator sim;
    private final List<GcsObserver> all;

    ObserverTee(Simulator sim, List<GcsObserver> all) {
        this.sim = sim;
        this.all = List.copyOf(all);
    }

    @Override
    public void applied(GroupId group, long generation, Member member, Entry e, boolean reached) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.applied(group, generation, member, e, reached);
            }
        });
    }

    @Override
    public void restored(GroupId group, long generation, Member member, long index) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.restored(group, generation, member, index);
            }
        });
    }

    @Override
    public void leader(GroupId group, long generation, long term, Member member) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.leader(group, generation, term, member);
            }
        });
    }

    @Override
    public void configuration(GroupId group, long generation, Member member, long index, Configuration config) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.configuration(group, generation, member, index, config);
            }
        });
    }

    @Override
    public void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult result) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.completed(group, clientId, seq, command, result);
            }
        });
    }

    @Override
    public void rebuilt(GroupId group, long generation, long parent, Member member, long baseIndex) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.rebuilt(group, generation, parent, member, baseIndex);
            }
        });
    }

    @Override
    public void dropped(GroupId group, long generation, Member member) {
        sim.defer(() -> {
            for (GcsObserver o : all) {
                o.dropped(group, generation, member);
            }
        });
    }
}
