package org.vigne.gcs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.GcsMessage.SubmitReply;
import org.vigne.gcs.SubmitResult.Status;

/**
 * The client side of submissions from this node: every command gets a client id and sequence
 * number (one client per group this node talks to, with a fresh random id, so a group's sessions
 * see each node's commands to it numbered without gaps), is sent to the last leader heard of or
 * routed to the key's root, and is re-sent with the same numbers until an answer comes or the
 * submit timeout passes. Each submission completes exactly once, never inside the call.
 */
final class Submitter {
    /**
     * Clients (groups talked to) remembered at most; the least recently used is forgotten, and gets a
     * new id if used again. A client idle for the session lifetime is forgotten too: its group
     * has dropped its session by then, so its id is worth nothing, and a node that commands many
     * groups in turn (a submitter in the simulator talks to some 600 an hour) would otherwise keep
     * one client per group it ever talked to.
     */
    private static final int MAX_CLIENTS = 4096;
    /** NO_GROUP answers in a row before a submission is believed: the group may be moving. */
    private static final int NO_GROUP_ANSWERS = 3;

    private static final class Client {
        final long id;
        long nextSeq = 1;
        int outstanding;
        /** When this node last submitted through this client (its own clock). */
        long usedMs;
        NodeHandle leaderHint;

        Client(long id) {
            this.id = id;
        }
    }

    private record Key(long client, long seq) {
    }

    private static final class Pending {
        final GroupId group;
        final Client client;
        final long seq;
        final byte[] command;
        final boolean create;
        final Consumer<SubmitResult> done;
        final long deadlineMs;
        int attempts;
        int noGroup;
        Timer timer;

        Pending(GroupId group, Client client, long seq, byte[] command, boolean create, Consumer<SubmitResult> done,
                long deadlineMs) {
            this.group = group;
            this.client = client;
            this.seq = seq;
            this.command = command;
            this.create = create;
            this.done = done;
            this.deadlineMs = deadlineMs;
        }
    }

    private final GcsContext ctx;
    private final java.util.function.ToIntFunction<String> replicasOfKind;
    private final Map<GroupId, Client> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupId, Client> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private GroupListener listener = new GroupListener() {
    };

    Submitter(GcsContext ctx, java.util.function.ToIntFunction<String> replicasOfKind) {
        this.ctx = ctx;
        this.replicasOfKind = replicasOfKind;
    }

    private int replicas(GroupId g) {
        return Math.max(1, replicasOfKind.applyAsInt(g.kind()));
    }

    void setListener(GroupListener l) {
        listener = l;
    }

    int pending() {
        return pending.size();
    }

    void submit(GroupId group, byte[] command, boolean create, Consumer<SubmitResult> done) {
        if (command.length > ctx.config.maxCommandBytes()) {
            ctx.counters.refused++;
            later(done, SubmitResult.failed(Status.TOO_LARGE, "command of " + command.length
                    + " bytes exceeds the limit of " + ctx.config.maxCommandBytes()));
            return;
        }
        if (pending.size() >= 16 * ctx.config.maxPendingPerGroup()) {
            ctx.counters.refused++;
            later(done, SubmitResult.failed(Status.UNAVAILABLE, "too many submissions pending on this node"));
            return;
        }
        forgetIdleClients();
        Client c = clients.computeIfAbsent(group, g -> new Client(ctx.newMemberId()));
        c.usedMs = ctx.nowMs();
        if (c.outstanding >= Sessions.WINDOW) {
            ctx.counters.refused++;
            later(done, SubmitResult.failed(Status.UNAVAILABLE, "too many commands outstanding to this group"));
            return;
        }
        c.outstanding++;
        Pending p = new Pending(group, c, c.nextSeq++, command, create, done,
                ctx.nowMs() + ctx.config.submitTimeoutMs());
        pending.put(new Key(c.id, p.seq), p);
        send(p);
    }

    /** Forgets, least recently used first, the clients with nothing outstanding that were idle for a session lifetime. */
    private void forgetIdleClients() {
        long before = ctx.nowMs() - ctx.config.sessionTtlMs();
        Iterator<Client> it = clients.values().iterator();
        while (it.hasNext()) {
            Client c = it.next();
            if (c.usedMs >= before || c.outstanding > 0) {
                return;
            }
            it.remove();
        }
    }

    /** Clients this node remembers (one per group it talked to within a session lifetime). */
    int clients() {
        return clients.size();
    }

    private void later(Consumer<SubmitResult> done, SubmitResult r) {
        ctx.env.schedule(0, () -> done.accept(r));
    }

    /**
     * First to the last leader heard of, else to the key's root; retries go round the key's replica
     * set when this node sees it (a dead root or leader is not declared dead at once), else are
     * routed (the overlay delivers past a root that misses its probes).
     */
    private void send(Pending p) {
        Submit s = new Submit(p.group.kind(), p.group.key(), p.client.id, p.seq, p.command, p.create, ctx.self(), 0);
        NodeHandle hint = p.client.leaderHint;
        if (hint != null && !p.create) {
            ctx.send(hint, s);
        } else if (ctx.overlay.coversKey(p.group.key())) {
            List<NodeHandle> set = ctx.overlay.replicaSet(p.group.key(), p.create ? 1 : replicas(p.group));
            ctx.send(set.get(p.attempts % set.size()), s);
        } else {
            ctx.overlay.route(p.group.key(), s);
        }
        p.attempts++;
        Key k = new Key(p.client.id, p.seq);
        p.timer = ctx.env.schedule(ctx.config.submitRetryMs(), () -> retry(k));
    }

    private void retry(Key k) {
        Pending p = pending.get(k);
        if (p == null) {
            return;
        }
        if (ctx.nowMs() >= p.deadlineMs) {
            complete(k, p, SubmitResult.failed(Status.TIMEOUT, "no answer within " + ctx.config.submitTimeoutMs() + " ms"));
            return;
        }
        p.client.leaderHint = null;
        send(p);
    }

    void onReply(SubmitReply r) {
        Key k = new Key(r.clientId(), r.seq());
        Pending p = pending.get(k);
        if (p == null || r.status() == null || !p.group.key().equals(r.key())) {
            return;
        }
        if (r.status() == Status.NO_GROUP && ++p.noGroup < NO_GROUP_ANSWERS && ctx.nowMs() < p.deadlineMs) {
            return;
        }
        if (r.status() == Status.UNAVAILABLE && ctx.nowMs() < p.deadlineMs) {
            return;
        }
        if (r.leader() != null && r.status() == Status.OK) {
            p.client.leaderHint = r.leader();
        }
        complete(k, p, new SubmitResult(r.status(), r.result(), r.index(), r.generation(), r.error()));
        if (r.status() == Status.NO_GROUP) {
            listener.groupGone(p.group);
        }
    }

    private void complete(Key k, Pending p, SubmitResult result) {
        pending.remove(k);
        p.client.outstanding--;
        if (p.timer != null) {
            p.timer.cancel();
        }
        ctx.observer.completed(p.group, p.client.id, p.seq, p.command, result);
        p.done.accept(result);
    }

    /** Completes everything pending with {@code UNAVAILABLE} (the node stops). */
    void close(String reason) {
        for (Map.Entry<Key, Pending> e : new ArrayList<>(pending.entrySet())) {
            complete(e.getKey(), e.getValue(), SubmitResult.failed(Status.UNAVAILABLE, reason));
        }
    }
}
