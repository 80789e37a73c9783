package org.vigne.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.core.Timer;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.GroupStateMachine;
import org.vigne.gcs.OutputId;
import org.vigne.gcs.raft.Role;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;
import org.vigne.sync.SyncMessage.CombinerHint;
import org.vigne.sync.SyncMessage.Request;

/**
 * The synchronisation service on one node (paper, Sect. 3): named barriers and counting
 * semaphores private to an application, surviving the failure of any node.
 *
 * <p>Each application's barriers and semaphores are one {@link SyncStateMachine}, replicated by
 * group communication on the replica set of a key of the {@code sync} DHT. Participants on this
 * node ({@link #participant}) send their operations to the node leading that group (routed to
 * the key until they learn it); there a {@link Combiner} packs the operations of many
 * participants into one command of the log. Answers come back as the group's outputs, one per
 * node and command, so a barrier releases all its parties on a node with one message. An
 * operation is re-sent until it is answered; operations are idempotent, so neither lost messages
 * nor a failed leader count anything twice. The application manager drives epochs through
 * {@link #control()}.
 *
 * <p>Wiring: {@code stack.register(SyncMessage.class, sync); overlay.addApplication(sync)}, with
 * the node's group communication service; the constructor registers the {@code sync} kind of
 * group, so every node must create this service. A pure event handler on {@link Env}.
 */
public final class Synchronisation implements Service, OverlayApplication {
    /** Where a pending operation is found again when its answer arrives: one per participant and object. */
    private record PendingKey(String app, boolean barrier, String name, int process, long epoch) {
        static PendingKey of(String app, OpKind kind, String name, int process, long epoch) {
            return new PendingKey(app, kind.onBarrier(), name, process, epoch);
        }
    }

    private static final class Pending {
        final Participant participant;
        final SyncOp op;
        final Consumer<SyncResult> done;
        long waitMs;
        int sends;
        Timer timer;

        Pending(Participant participant, SyncOp op, Consumer<SyncResult> done, long waitMs) {
            this.participant = participant;
            this.op = op;
            this.done = done;
            this.waitMs = waitMs;
        }
    }

    private final Env env;
    private final KeyBasedRouting overlay;
    private final GcsService gcs;
    private final SyncConfig config;
    private final SyncCounters counters = new SyncCounters();
    private final Combiner combiner;
    private final SyncControl control;
    /** Per application: its sync group's leader then other members, as last heard; the head gets requests. */
    private final Map<String, ArrayDeque<NodeHandle>> combiners = new HashMap<>();
    private final Map<Id, String> appsByKey = new HashMap<>();
    private final Map<PendingKey, Pending> pending = new LinkedHashMap<>();
    private final Map<GroupId, SyncStateMachine> replicas = new LinkedHashMap<>();
    private boolean stopped;

    public Synchronisation(Env env, KeyBasedRouting overlay, GcsService gcs, SyncConfig config) {
        this.env = env;
        this.overlay = overlay;
        this.gcs = gcs;
        this.config = config;
        this.combiner = new Combiner(gcs, config, counters, env::send);
        this.control = new SyncControl(gcs);
        gcs.registerKind(SyncConfig.KIND, config.replicas(), this::newReplica, this::onOutput);
    }

    private GroupStateMachine newReplica(GroupId group) {
        SyncStateMachine[] sm = new SyncStateMachine[1];
        sm[0] = new SyncStateMachine(() -> replicas.remove(group, sm[0]));
        replicas.put(group, sm[0]);
        return sm[0];
    }

    /** The group that holds {@code app}'s barriers and semaphores (for tools and checkers). */
    public static GroupId groupOf(String app) {
        return Combiner.group(app);
    }

    /** Process {@code process} of {@code app}, running in epoch {@code epoch}, as a participant on this node. */
    public Participant participant(String app, int process, long epoch) {
        Participant p = new Participant(this, app, process, epoch);
        appsByKey.put(Combiner.key(app), app);
        return p;
    }

    /** The door of the application manager: epochs, participants gone, checkpoints, the end. */
    public SyncControl control() {
        return control;
    }

    public SyncCounters counters() {
        return counters;
    }

    /** Operations of participants on this node not answered yet. */
    public int pendingOperations() {
        return pending.size();
    }

    /** This node's replica of {@code app}'s sync state, or null when it hosts none (read-only, for checkers and tools). */
    public SyncStateMachine replica(String app) {
        return replicas.get(Combiner.group(app));
    }

    // ---- participants' operations ---------------------------------------------------------------

    NodeHandle self() {
        return env.self();
    }

    boolean isPending(Participant p, OpKind kind, String name) {
        return pending.containsKey(PendingKey.of(p.application(), kind, name, p.process(), p.epoch()));
    }

    void later(Consumer<SyncResult> done, SyncResult r) {
        env.schedule(0, () -> done.accept(r));
    }

    void start(Participant p, SyncOp op, Consumer<SyncResult> done) {
        if (stopped) {
            later(done, SyncResult.refused(op.seq(), "node stopped"));
            return;
        }
        Pending x = new Pending(p, op, done, config.retryMs());
        pending.put(PendingKey.of(p.application(), op.kind(), op.name(), op.process(), op.epoch()), x);
        counters.operations++;
        send(x);
    }

    /**
     * To the application's combining node when known, else routed to its sync group's key; every
     * third re-send is routed anyway, in case every member this node knows of is gone.
     */
    private void send(Pending x) {
        String app = x.participant.application();
        Request r = new Request(app, List.of(x.op), env.self(), 0);
        ArrayDeque<NodeHandle> members = combiners.get(app);
        NodeHandle to = members == null || members.isEmpty() || x.sends % 3 == 2 ? null : members.peekFirst();
        if (to != null) {
            counters.sentDirect++;
            env.send(to, r);
        } else {
            counters.routed++;
            overlay.route(Combiner.key(app), r);
        }
        x.sends++;
        x.timer = env.schedule(x.waitMs, () -> retry(x));
    }

    private void retry(Pending x) {
        PendingKey k = PendingKey.of(x.participant.application(), x.op.kind(), x.op.name(), x.op.process(),
                x.op.epoch());
        if (pending.get(k) != x) {
            return;
        }
        counters.retries++;
        ArrayDeque<NodeHandle> members = combiners.get(x.participant.application());
        if (members != null && members.size() > 1) {
            members.addLast(members.pollFirst()); // no answer: try the next member, which knows the leader
        }
        x.waitMs = Math.min(2 * x.waitMs, config.maxRetryMs());
        send(x);
    }

    void closed(Participant p) {
        List<PendingKey> mine = new ArrayList<>();
        for (Map.Entry<PendingKey, Pending> e : pending.entrySet()) {
            if (e.getValue().participant == p) {
                mine.add(e.getKey());
            }
        }
        for (PendingKey k : mine) {
            Pending x = pending.remove(k);
            if (x.timer != null) {
                x.timer.cancel();
            }
        }
    }

    private void onOutput(OutputId id, byte[] payload) {
        List<Notice> notices;
        try {
            notices = Answers.decode(payload);
        } catch (IllegalArgumentException e) {
            counters.malformed++;
            return;
        }
        onNotices(appsByKey.get(id.group().key()), notices);
    }

    /** Completes the pending operations that {@code notices} of {@code app} answer. */
    private void onNotices(String app, List<Notice> notices) {
        for (Notice n : notices) {
            Pending x = app == null ? null : pending.get(PendingKey.of(app, n.kind(), n.name(), n.process(), n.epoch()));
            if (x == null || x.op.seq() != n.seq() || x.op.kind() != n.kind()) {
                counters.unmatchedAnswers++;
                continue;
            }
            pending.remove(PendingKey.of(app, n.kind(), n.name(), n.process(), n.epoch()));
            if (x.timer != null) {
                x.timer.cancel();
            }
            counters.answered++;
            x.done.accept(new SyncResult(n.outcome(), n.seq(), n.detail()));
        }
    }

    // ---- requests to combine ----------------------------------------------------------------------

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        if (stopped) {
            return;
        }
        if (msg instanceof Request r && wellFormed(r)) {
            onRequest(r, from.equals(r.origin()));
        } else if (msg instanceof CombinerHint h && h.app() != null && h.members() != null && !h.members().isEmpty()) {
            combiners.put(h.app(), new ArrayDeque<>(h.members()));
        } else if (msg instanceof SyncMessage.Answer a && a.app() != null && a.notices() != null) {
            onNotices(a.app(), a.notices());
        } else {
            counters.malformed++;
        }
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        if (!stopped && payload instanceof Request r) {
            if (wellFormed(r)) {
                onRequest(r, false);
            } else {
                counters.malformed++;
            }
        }
    }

    private static boolean wellFormed(Request r) {
        return r.app() != null && !r.app().isEmpty() && r.ops() != null && !r.ops().isEmpty() && r.origin() != null;
    }

    /**
     * At a node a request reached: a follower that knows its group's leader passes it on (at most
     * twice); the leader, or a node that knows no better, combines it. The leader tells an origin
     * that did not send to it directly where to send next time.
     */
    private void onRequest(Request r, boolean direct) {
        GroupInfo info = gcs.info(Combiner.group(r.app()));
        NodeHandle leader = info == null ? null : info.leader();
        if (leader != null && info.role() != Role.LEADER && !leader.equals(env.self()) && r.hops() < 2) {
            counters.forwarded++;
            env.send(leader, new Request(r.app(), r.ops(), r.origin(), r.hops() + 1));
            return;
        }
        if (!direct && info != null && info.role() == Role.LEADER && !r.origin().equals(env.self())) {
            List<NodeHandle> members = new ArrayList<>();
            members.add(env.self());
            for (NodeHandle m : info.members()) {
                if (!m.equals(env.self())) {
                    members.add(m);
                }
            }
            env.send(r.origin(), new CombinerHint(r.app(), members));
        }
        combiner.add(r.app(), r.ops());
    }

    @Override
    public void departed(NodeHandle node, boolean graceful) {
        for (ArrayDeque<NodeHandle> members : combiners.values()) {
            members.remove(node);
        }
    }

    @Override
    public void stop() {
        stopped = true;
        for (Pending x : pending.values()) {
            if (x.timer != null) {
                x.timer.cancel();
            }
        }
        pending.clear();
    }
}
