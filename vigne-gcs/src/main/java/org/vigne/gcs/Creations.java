package org.vigne.gcs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtResult;
import org.vigne.gcs.GcsMessage.RecoveryProbe;
import org.vigne.gcs.GcsMessage.RecoveryState;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.SubmitResult.Status;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.Snapshot;

/**
 * Group creations at the key's root: who starts a group, with which first members.
 *
 * <p>A creator whose answer was lost retries, and the key's root may have moved meanwhile (a node
 * joined closer to the key, or the first root died). The new root then finds the creator's own
 * descriptor: the first root got that far, and may or may not have started the group. Starting it
 * again would give one generation two histories (two leaders of term 1, and members of the second
 * start replacing those of the first), so the new root first asks the nodes around the key
 * whether any of them holds a replica of that generation: if one answers, the retry is handed to
 * it; only if none answers within {@link #PROBE_WAIT_MS} (the first root stopped before any
 * replica existed) does this root start the group, in the next generation of that creation.
 */
final class Creations {
    /** How long a new root waits for a replica of the creator's generation to answer. */
    static final long PROBE_WAIT_MS = 2_000;

    /** A retry that found its own descriptor, waiting for a replica of its generation to answer. */
    private record Retry(Kind kind, Submit submit, long generation) {
    }

    private final GcsService svc;
    private final GcsContext ctx;
    private final Set<GroupId> creating = new HashSet<>();
    private final Map<GroupId, Retry> retries = new HashMap<>();

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
            svc.catchUp();
            if (svc.stopped()) {
                creating.remove(id);
                return;
            }
            GroupDescriptor there = GroupDescriptor.decode(r.value());
            boolean ours = there != null && there.creatorClient() == s.clientId() && there.creatorSeq() == s.seq();
            if (svc.group(id) != null) {
                creating.remove(id);
                ctx.unknownReply(s, Status.EXISTS, "group exists");
            } else if (r.ok()) {
                creating.remove(id);
                start(k, s, generation);
            } else if (r.status() == DhtResult.Status.CONFLICT && ours) {
                probe(k, s, there.generation());
            } else {
                creating.remove(id);
                if (r.status() == DhtResult.Status.CONFLICT) {
                    ctx.unknownReply(s, Status.EXISTS, "group exists");
                }
            }
            svc.settle();
        });
    }

    /** Asks the nodes around the key for a replica of {@code generation} before starting it here. */
    private void probe(Kind k, Submit s, long generation) {
        GroupId id = s.group();
        Retry retry = new Retry(k, s, generation);
        retries.put(id, retry);
        RecoveryProbe p = new RecoveryProbe(id.kind(), id.key(), generation, 0);
        Set<NodeHandle> around = new LinkedHashSet<>(svc.dhtView(id, k));
        around.addAll(ctx.overlay.replicaSet(id.key(), 2 * k.replicas()));
        around.remove(ctx.self());
        for (NodeHandle n : around) {
            ctx.send(n, p);
        }
        ctx.env.schedule(PROBE_WAIT_MS, () -> {
            if (retries.get(id) == retry) {
                retries.remove(id);
                creating.remove(id);
                svc.catchUp();
                if (!svc.stopped() && svc.group(id) == null && ctx.overlay.isRoot(id.key())) {
                    // The first root may have led term 1 of that generation alone before it died:
                    // start the next one, so no generation ever has two histories.
                    start(k, s, Generations.next(generation, ctx.self().id()));
                    svc.settle();
                }
            }
        });
    }

    /**
     * A node answered a probe for {@code s.group()}: when this root is probing for that creation,
     * a replica exists, and the creator's retry goes to it. True when the answer was for a probe here.
     */
    boolean onState(NodeHandle from, RecoveryState st) {
        Retry r = retries.get(st.group());
        if (r == null || !Generations.sameCreation(st.generation(), r.generation())) {
            return false;
        }
        retries.remove(st.group());
        creating.remove(st.group());
        Submit s = r.submit();
        ctx.send(from, new Submit(s.kind(), s.key(), s.clientId(), s.seq(), s.command(), true, s.origin(),
                s.forwards() + 1));
        return true;
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
