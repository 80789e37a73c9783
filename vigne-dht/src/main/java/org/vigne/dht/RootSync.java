package org.vigne.dht;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtMessage.VersionQuery;
import org.vigne.dht.DhtMessage.VersionReply;

/**
 * Sync of a key by a root that is not authoritative for it (it lacks the key, or its view of the
 * key changed since it last synced): it asks the other replicas for anything newer than its own
 * version, takes it, and only then runs the requests waiting on the key. Every acknowledged write
 * is held by r nodes, so at least one of the replicas asked holds the latest one unless r nodes
 * have failed. A silent replica is asked once more half-way, and the sync ends at
 * {@link DhtConfig#syncTimeoutMs()} with what it has.
 */
final class RootSync {
    private final NamedDht d;
    private final DhtContext ctx;
    private final Map<Id, PendingSync> pending = new HashMap<>();

    private static final class PendingSync {
        final long id;
        final Id key;
        final List<NodeHandle> asked;
        final Set<Id> waiting = new HashSet<>();
        final List<Runnable> then = new ArrayList<>(2);
        Timer timer;

        PendingSync(long id, Id key, List<NodeHandle> asked) {
            this.id = id;
            this.key = key;
            this.asked = asked;
        }
    }

    RootSync(NamedDht d) {
        this.d = d;
        this.ctx = d.ctx;
    }

    int pending() {
        return pending.size();
    }

    /** Runs {@code then} once the key is synced (at once if no other replica is known). */
    void run(Id key, Runnable then) {
        PendingSync ps = pending.get(key);
        if (ps != null) {
            ps.then.add(then);
            return;
        }
        List<NodeHandle> others = new ArrayList<>();
        for (NodeHandle n : ctx.replicaSet(key, d.r)) {
            if (!n.id().equals(ctx.selfId())) {
                others.add(n);
            }
        }
        if (others.isEmpty()) {
            done(key);
            then.run();
            return;
        }
        ctx.counters.syncs++;
        ps = new PendingSync(ctx.newId(), key, others);
        ps.then.add(then);
        pending.put(key, ps);
        for (NodeHandle n : others) {
            ps.waiting.add(n.id());
        }
        ask(ps);
        PendingSync p = ps;
        ps.timer = ctx.env.schedule(ctx.config.syncTimeoutMs() / 2, () -> halfway(p));
    }

    private void ask(PendingSync ps) {
        StoredKey e = d.store.get(ps.key);
        VersionQuery q = new VersionQuery(d.name, ps.key, e == null ? 0 : e.version, ps.id);
        for (NodeHandle n : ps.asked) {
            if (ps.waiting.contains(n.id())) {
                ctx.send(n, q);
            }
        }
    }

    private void halfway(PendingSync ps) {
        if (pending.get(ps.key) != ps || d.stopped()) {
            return;
        }
        ask(ps);
        ps.timer = ctx.env.schedule(ctx.config.syncTimeoutMs() - ctx.config.syncTimeoutMs() / 2, () -> {
            if (pending.get(ps.key) == ps && !d.stopped()) {
                ctx.counters.syncTimeouts++;
                complete(ps);
            }
        });
    }

    /** Replica side: answer with our item when it is newer than the asker's. */
    void onQuery(NodeHandle from, VersionQuery q) {
        StoredKey e = d.store.get(q.key());
        long v = e == null ? 0 : e.version;
        List<Item> newer = e != null && v > q.version() ? List.of(e.item()) : List.of();
        ctx.send(from, new VersionReply(d.name, q.syncId(), q.key(), v, newer));
    }

    void onReply(NodeHandle from, VersionReply r) {
        for (Item it : r.newer()) {
            if (it.key().equals(r.key())) {
                d.view.apply(it);
            }
        }
        PendingSync ps = pending.get(r.key());
        if (ps == null || ps.id != r.syncId()) {
            return;
        }
        ps.waiting.remove(from.id());
        if (ps.waiting.isEmpty()) {
            complete(ps);
        }
    }

    private void complete(PendingSync ps) {
        pending.remove(ps.key);
        if (ps.timer != null) {
            ps.timer.cancel();
        }
        done(ps.key);
        for (Runnable r : ps.then) {
            r.run();
        }
    }

    private void done(Id key) {
        StoredKey e = d.store.get(key);
        if (e != null) {
            d.view.observe(e);
            e.authoritative = e.root;
        }
    }

    void stop() {
        for (PendingSync ps : pending.values()) {
            if (ps.timer != null) {
                ps.timer.cancel();
            }
        }
        pending.clear();
    }
}
