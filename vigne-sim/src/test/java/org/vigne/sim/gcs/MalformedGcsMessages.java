package org.vigne.sim.gcs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GcsMessage.Beat;
import org.vigne.gcs.GcsMessage.Beats;
import org.vigne.gcs.GcsMessage.GroupRaft;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.EntryKind;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.gcs.raft.Snapshot;

/**
 * Garbled group messages as a careless or broken peer would send them: each one is a real message
 * recorded on the wire (right group, generation and member ids) or a well-formed notice, with at
 * least one field left out or out of range. None of them is a valid message, so none may change a
 * replica; all must be dropped without an exception escaping the handler.
 */
final class MalformedGcsMessages {
    private MalformedGcsMessages() {
    }

    /** {@code count} garbled messages derived from the recorded {@code seen} ones. */
    static List<GcsMessage> of(List<GroupRaft> seen, GroupId g, NodeHandle peer, SplittableRandom r, int count) {
        List<Function<GroupRaft, GcsMessage>> makers = makers(g, peer);
        List<GcsMessage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GroupRaft real = seen.get(r.nextInt(seen.size()));
            out.add(makers.get(r.nextInt(makers.size())).apply(real));
        }
        return out;
    }

    private static List<Function<GroupRaft, GcsMessage>> makers(GroupId g, NodeHandle peer) {
        String k = g.kind();
        Id key = g.key();
        String longKind = "k".repeat(65);
        return List.of(
                m -> new GroupRaft(null, m.key(), m.generation(), m.from(), m.to(), m.body(), m.incarnation()),
                m -> new GroupRaft("", m.key(), m.generation(), m.from(), m.to(), m.body(), m.incarnation()),
                m -> new GroupRaft(longKind, m.key(), m.generation(), m.from(), m.to(), m.body(), m.incarnation()),
                m -> new GroupRaft(k, null, m.generation(), m.from(), m.to(), m.body(), m.incarnation()),
                m -> new GroupRaft(k, key, m.generation(), m.from(), m.to(), null, m.incarnation()),
                m -> body(m, new RaftMessage.Append(0, 0, 0, List.of(), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), -1, 0, List.of(), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, -3, List.of(), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, 0, null, 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, 0, List.of(), -1)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, 0, Arrays.asList((Entry) null), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 4, 1, List.of(entry(m, 9)), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, 0,
                        List.of(new Entry(m.body().term(), 1, null, null, 1, 1, 0, null)), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, 0,
                        List.of(new Entry(m.body().term(), 1, EntryKind.CONFIG, null, 0, 0, 0, null)), 0)),
                m -> body(m, new RaftMessage.Append(m.body().term(), 0, 0, List.of(entry(m, 1).at(m.body().term() + 1, 1)), 0)),
                m -> body(m, new RaftMessage.InstallSnapshot(m.body().term(), null)),
                m -> body(m, new RaftMessage.InstallSnapshot(0, new Snapshot(0, 0, null, null))),
                m -> body(m, new RaftMessage.InstallSnapshot(m.body().term(), new Snapshot(-1, 0, null, null))),
                m -> body(m, new RaftMessage.Vote(-1, false, false, 0, 0)),
                m -> body(m, new RaftMessage.VoteResponse(-1, false, true)),
                m -> body(m, new RaftMessage.AppendResponse(-1, 0, false, 0, 0)),
                m -> body(m, new RaftMessage.Heartbeat(-1, 0, false)),
                m -> body(m, new RaftMessage.HeartbeatResponse(-1)),
                m -> body(m, new RaftMessage.TimeoutNow(-1)),
                m -> new Beats(null, true, 1),
                m -> new Beats(Arrays.asList((Beat) null), false, 1),
                m -> new Beats(List.of(new Beat(null, key, m.generation(), m.from(), m.to(), 1, 0, false, false, 0)), true, 1),
                m -> new Beats(List.of(new Beat(k, null, m.generation(), m.from(), m.to(), 1, 0, true, false, 0)), false, 1),
                m -> new GcsMessage.Output(k, key, m.generation(), 1, 0, null),
                m -> new GcsMessage.Output(null, key, m.generation(), 1, 0, new byte[1]),
                m -> new GcsMessage.Submit(k, key, 1, 1, null, false, peer, 0),
                m -> new GcsMessage.Submit(k, key, 1, 1, new byte[1], false, null, 0),
                m -> new GcsMessage.Submit(null, key, 1, 1, new byte[1], false, peer, 0),
                m -> new GcsMessage.Submit(k, null, 1, 1, new byte[1], true, peer, 0),
                m -> new GcsMessage.SubmitReply(null, null, 1, 1, null, null, 0, 0, null, null),
                m -> new GcsMessage.NoReplica(null, key, m.generation(), m.to()),
                m -> new GcsMessage.NotMember(k, null, m.generation(), m.to()),
                m -> new GcsMessage.RecoveryProbe(longKind, key, m.generation(), m.from()),
                m -> new GcsMessage.RecoveryState(null, null, m.generation(), m.from(), -1, -1),
                m -> new GcsMessage.OutputAck(null, key, m.generation(), 1, 0));
    }

    private static GroupRaft body(GroupRaft m, RaftMessage b) {
        return new GroupRaft(m.kind(), m.key(), m.generation(), m.from(), m.to(), b, m.incarnation());
    }

    private static Entry entry(GroupRaft m, long index) {
        return Entry.command(m.body().term(), index, new byte[8], 1, 1);
    }
}
