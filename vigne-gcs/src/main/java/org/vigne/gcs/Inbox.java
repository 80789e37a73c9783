package org.vigne.gcs;

import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.Beat;
import org.vigne.gcs.GcsMessage.Beats;
import org.vigne.gcs.GcsMessage.GroupRaft;
import org.vigne.gcs.GcsMessage.NoReplica;
import org.vigne.gcs.GcsMessage.NotMember;
import org.vigne.gcs.GcsMessage.Output;
import org.vigne.gcs.GcsMessage.OutputAck;
import org.vigne.gcs.GcsMessage.RecoveryProbe;
import org.vigne.gcs.GcsMessage.RecoveryState;
import org.vigne.gcs.GcsMessage.Resigned;
import org.vigne.gcs.GcsMessage.Started;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.GcsMessage.SubmitReply;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.gcs.raft.RaftMessage.Append;
import org.vigne.gcs.raft.RaftMessage.Heartbeat;
import org.vigne.gcs.raft.RaftMessage.HeartbeatResponse;
import org.vigne.gcs.raft.RaftMessage.InstallSnapshot;
import org.vigne.gcs.raft.RaftMessage.TimeoutNow;
import org.vigne.gcs.raft.RaftMessage.Vote;
import org.vigne.gcs.raft.Snapshot;

/**
 * Sorts the messages a node receives to the replica they are for, after checking that they are
 * well formed, of the replica's generation and addressed to its member id. A message for a group
 * this node does not host, or for a member it no longer is, is dropped and counted (a request is
 * answered with {@link NoReplica}, so its leader replaces that member); a snapshot for such a
 * member creates the replica, which is how new members and members of a rebuilt group start.
 */
final class Inbox {
    private final GcsService svc;
    private final GcsContext ctx;
    private final Submitter submitter;

    Inbox(GcsService svc, GcsContext ctx, Submitter submitter) {
        this.svc = svc;
        this.ctx = ctx;
        this.submitter = submitter;
    }

    void handle(NodeHandle from, GcsMessage m) {
        if (m instanceof Submit s) {
            if (s.group() == null || s.origin() == null || s.command() == null) {
                ctx.counters.malformed++;
            } else {
                svc.onSubmit(s);
            }
        } else if (m instanceof SubmitReply r) {
            submitter.onReply(r);
        } else if (m instanceof GroupRaft r) {
            onRaft(from, r);
        } else if (m instanceof Beats b) {
            if (b.beats() == null) {
                ctx.counters.malformed++;
                return;
            }
            if (b.lease()) {
                ctx.beats.owe(from);
            }
            for (Beat beat : b.beats()) {
                onBeat(from, beat);
            }
        } else if (m instanceof Output o) {
            onOutput(from, o);
        } else if (m instanceof Started) {
            svc.peerStarted(from);
        } else {
            onGroupNotice(from, m);
        }
    }

    private void onGroupNotice(NodeHandle from, GcsMessage m) {
        GroupReplica g = m.group() == null ? null : svc.group(m.group());
        if (g == null && m instanceof RecoveryState s && svc.creationProbeAnswered(from, s)) {
            return;
        }
        if (g == null) {
            ctx.counters.unknownGroup++;
            return;
        }
        if (m instanceof OutputAck a && a.generation() == g.generation && g.isLeader()) {
            g.outputs.onAck(a.index(), a.position());
        } else if (m instanceof NoReplica n && n.generation() == g.generation) {
            g.members.noReplica(n.member());
            g.loss.vanished(n.member());
        } else if (m instanceof NotMember n && n.generation() == g.generation && n.member() == g.self().id()
                && !g.isLeader()) {
            g.removed();
        } else if (m instanceof Resigned r && r.generation() == g.generation && r.to() == g.self().id()) {
            g.leaderResigned(new Member(from, r.from()), r.term());
        } else if (m instanceof RecoveryProbe p && Generations.sameCreation(p.generation(), g.generation)) {
            ctx.send(from, g.loss.answer());
        } else if (m instanceof RecoveryState s) {
            g.loss.onState(from, s);
        } else {
            ctx.counters.staleGeneration++;
        }
    }

    private void onRaft(NodeHandle from, GroupRaft r) {
        RaftMessage body = r.body();
        if (r.group() == null || body == null || !body.wellFormed()) {
            ctx.counters.malformed++;
            return;
        }
        Kind k = svc.kind(r.kind());
        GroupReplica g = svc.group(r.group());
        if (k == null) {
            ctx.counters.unknownGroup++;
            return;
        }
        Member sender = new Member(from, r.from());
        if (g != null && r.generation() == g.generation && r.to() == g.self().id()) {
            g.step(sender, body);
            return;
        }
        if (body instanceof InstallSnapshot && (g == null || replaceable(g, r.generation()))) {
            GroupReplica fresh = new GroupReplica(r.group(), ctx, k, r.generation(), new Member(ctx.self(), r.to()),
                    new Snapshot(0, 0, Configuration.of(java.util.List.of()), new byte[0]));
            svc.host(fresh);
            fresh.step(sender, body);
            return;
        }
        if (g != null && r.generation() < g.generation) {
            ctx.counters.staleGeneration++;
            return;
        }
        ctx.counters.unknownGroup++;
        if (body instanceof Append || body instanceof Vote || body instanceof TimeoutNow) {
            ctx.send(from, new NoReplica(r.kind(), r.key(), r.generation(), r.to()));
        }
    }

    /**
     * A snapshot for another member id of the same generation (the leader added this node anew,
     * so the old member is out of its configuration), or of a later generation of the same
     * creation (the group was rebuilt): the old replica gives way.
     */
    private static boolean replaceable(GroupReplica g, long generation) {
        return generation == g.generation || Generations.newer(generation, g.generation);
    }

    private void onBeat(NodeHandle from, Beat b) {
        GroupId id = b == null ? null : b.group();
        if (id == null) {
            ctx.counters.malformed++;
            return;
        }
        GroupReplica g = svc.group(id);
        if (g == null || b.generation() != g.generation || b.to() != g.self().id()) {
            ctx.counters.unknownGroup++;
            if (!b.response() && (g == null || b.generation() >= g.generation)) {
                ctx.send(from, new NoReplica(b.kind(), b.key(), b.generation(), b.to()));
            }
            return;
        }
        Member sender = new Member(from, b.from());
        if (b.response()) {
            g.step(sender, new HeartbeatResponse(b.term()));
        } else {
            g.learnOutputsAcked(b.outputsAcked());
            g.step(sender, new Heartbeat(b.term(), b.commit(), b.quiesce()));
        }
    }

    private void onOutput(NodeHandle from, Output o) {
        if (o.group() == null || o.payload() == null) {
            ctx.counters.malformed++;
            return;
        }
        svc.deliverOutput(new OutputId(o.group(), o.generation(), o.index(), o.position()), o.payload());
        ctx.send(from, new OutputAck(o.kind(), o.key(), o.generation(), o.index(), o.position()));
    }
}
