package org.vigne.gcs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtResult;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.SubmitResult.Status;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.Snapshot;

/** Group creations at the key's root: who starts a group, with which first members. */
final class Creations {
    private final GcsService svc;
    private final GcsContext ctx;
    private final Set<GroupId> creating = new HashSet<>();

    Creations(GcsService svc, GcsContext ctx) {
        this.svc = svc;
        this.ctx = ctx;
    }

    /**
     * At the key's root: a conditional put of the group's descriptor on the absent key decides
     * which creator starts the group, then this node starts it, leading term 1, with the key's
     * replica set as its first members.
     */
    void create(Kind k, Submit s) {
        GroupId id = s.group();
        if (!ctx.overlay.isRoot(id.key())) {
            if (s.forwards() < 4) {
                ctx.overlay.route(id.key(), new Submit(s.kind(), s.key(), s.clientId(), s.seq(), s.command(), true,
                        s.origin(), s.forwards() + 1));
            }
            return;
        }
        if (!creating.add(id)) {
            return;
        }
        long generation = Generations.first(ctx.env.random());
        GroupDescriptor mine = new GroupDescriptor(s.clientId(), s.seq(), generation);
        k.dht().putIfVersion(id.key(), mine.encode(), 0, r -> {
            creating.remove(id);
            if (svc.stopped()) {
                return;
            }
            GroupDescriptor there = GroupDescriptor.decode(r.value());
            boolean ours = there != null && there.creatorClient() == s.clientId() && there.creatorSeq() == s.seq();
            if (svc.group(id) != null) {
                ctx.unknownReply(s, Status.EXISTS, "group exists");
            } else if (r.ok() || (r.status() == DhtResult.Status.CONFLICT && ours)) {
                start(k, s, r.ok() ? generation : there.generation());
            } else if (r.status() == DhtResult.Status.CONFLICT) {
                ctx.unknownReply(s, Status.EXISTS, "group exists");
            }
            svc.settle();
        });
    }

    private void start(Kind k, Submit s, long generation) {
        GroupId id = s.group();
        List<NodeHandle> set = svc.dhtView(id, k);
        if (set.isEmpty() || !set.get(0).id().equals(ctx.self().id())) {
            return;
        }
        List<Member> first = new ArrayList<>();
        Member self = new Member(ctx.self(), ctx.newMemberId());
        first.add(self);
        for (NodeHandle n : set.subList(1, set.size())) {
            first.add(new Member(n, ctx.newMemberId()));
        }
        GroupReplica g = new GroupReplica(id, ctx, k, generation, self,
                new Snapshot(0, 0, Configuration.of(first), new byte[0]));
        svc.host(g);
        g.raft.leadNewGroup(1);
        g.created(s);
    }

}
