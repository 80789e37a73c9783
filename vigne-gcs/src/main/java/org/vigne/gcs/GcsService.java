package org.vigne.gcs;

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
import org.vigne.dht.DhtHandler;
import org.vigne.dht.DhtService;
import org.vigne.gcs.GcsMessage.Beats;
import org.vigne.gcs.GcsMessage.GroupRaft;
import org.vigne.gcs.GcsMessage.Submit;
import org.vigne.gcs.SubmitResult.Status;
import org.vigne.gcs.raft.Member;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;

/**
 * Group communication on one node (paper, Sect. 5): atomic broadcast among the replicas of many
 * small groups, each a key of a DHT that lets this service move its replicas.
 *
 * <p>Wiring: {@code stack.register(GcsMessage.class, gcs); overlay.addApplication(gcs)}, then
 * {@link #registerKind} for every kind of group (the same on every node). Any node may
 * {@link #createGroup} a group and {@link #submit} commands to it by key: the command is routed
 * to the key's root and forwarded to the group's leader, which appends it to the group's log;
 * once a majority holds it, every replica applies it to its state machine and the leader answers
 * the submitter.
 *
 * <p>Thousands of groups per node cost no thread and no timer per group: one node clock
 * ({@link NodeClock}, firing only on the ticks with work) drives the groups that are active,
 * heartbeats go out coalesced per node pair ({@link BeatBatcher}), and a group that has been idle
 * and in order for a few seconds goes quiet: it sends nothing until a command arrives or the overlay suspects one of its members.
 * A pure event handler: time, timers, randomness and sending come from {@link Env}.
 */
public final class GcsService implements Service, OverlayApplication {
    private final GcsContext ctx;
    private final DhtService dhts;
    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private final Map<GroupId, GroupReplica> groups = new LinkedHashMap<>();
    /** The same replicas, for lookups by group (every message); {@link #groups} keeps their order. */
    private final ReplicaIndex<GroupReplica> index = new ReplicaIndex<>();
    private final Map<GroupId, List<NodeHandle>> dhtViews = new HashMap<>();
    private final Submitter submitter;
    private final OutputFilter filter;
    private final Inbox inbox;
    private final Creations creations;
    private final NodeClock clock;
    /** Replicas that are not quiescent, by the tick at which they next need theirs (the clock's). */
    private final DueQueue due;
    /** Set while the clock's tick runs: it plans the next one itself when it ends. */
    private boolean ticking;
    private boolean stopped;

    public GcsService(Env env, KeyBasedRouting overlay, DhtService dhts, GcsConfig config) {
        this.ctx = new GcsContext(env, overlay, config);
        this.dhts = dhts;
        this.submitter = new Submitter(ctx, k -> kinds.containsKey(k) ? kinds.get(k).replicas() : 1);
        this.filter = new OutputFilter(config.dedupMemory());
        this.inbox = new Inbox(this, ctx, submitter);
        this.creations = new Creations(this, ctx);
        this.clock = new NodeClock(ctx, this::tick);
        this.due = clock.due();
    }

    /**
     * Registers a kind of group: its groups are keys of the DHT {@code kind} (created here, with
     * degree {@code replicas}, and handed to this service to manage), run state machines from
     * {@code factory}, and send their outputs for this node to {@code receiver}. Every node must
     * register the same kinds with the same degree.
     */
    public void registerKind(String kind, int replicas, StateMachineFactory factory, OutputReceiver receiver) {
        if (kinds.containsKey(kind)) {
            throw new IllegalArgumentException("group kind \"" + kind + "\" is already registered");
        }
        Kind k = new Kind(kind, replicas, factory, receiver == null ? (id, p) -> { } : receiver,
                dhts.create(kind, replicas));
        kinds.put(kind, k);
        k.dht().setHandler(new DhtHandler() {
            @Override
            public void replicaSetChanged(Id key, List<NodeHandle> oldSet, List<NodeHandle> newSet) {
                dhtViewChanged(new GroupId(kind, key), newSet);
            }

            @Override
            public boolean managesReplication() {
                return true;
            }
        });
    }

    /** Where this node's group events go (for checkers and measurement). */
    public void setObserver(GcsObserver observer) {
        ctx.observer = observer == null ? GcsObserver.NONE : observer;
    }

    /** Told when a group this node submits to is gone. */
    public void setListener(GroupListener listener) {
        submitter.setListener(listener);
    }

    /**
     * Creates {@code group} on the key's replica set, with {@code initialCommand} (may be empty) as
     * its first command. Completes with {@code OK} once that command is applied, {@code EXISTS} if
     * the group was already there, or a failure. Asynchronous, on the node's event loop.
     */
    public void createGroup(GroupId group, byte[] initialCommand, Consumer<SubmitResult> done) {
        if (!accepting(group, done)) {
            return;
        }
        submitter.submit(group, initialCommand == null ? new byte[0] : initialCommand, true, done);
    }

    /**
     * Creates {@code group} again after every replica was lost (a submission was answered
     * {@code NO_GROUP}): the group's key in its DHT still names the lost generation, which would
     * answer the creation {@code EXISTS} for ever, so the key is removed first, then the group is
     * created as by {@link #createGroup} and starts a new generation from {@code initialCommand}
     * (typically the state to restart from). Not for callers racing on one group: a second
     * caller's removal can delete the first one's new key, and both would start a generation;
     * callers throttle their attempts per group (the snapshot keeper: one per 30 s per node).
     */
    public void recreateGroup(GroupId group, byte[] initialCommand, Consumer<SubmitResult> done) {
        if (!accepting(group, done)) {
            return;
        }
        kinds.get(group.kind()).dht().remove(group.key(), removed -> createGroup(group, initialCommand, done));
    }

    /**
     * Submits {@code command} to {@code group}. Completes once: {@code OK} with the state machine's
     * result once it is applied, or a failure status (at the latest after the submit timeout).
     */
    public void submit(GroupId group, byte[] command, Consumer<SubmitResult> done) {
        if (!accepting(group, done)) {
            return;
        }
        submitter.submit(group, command, false, done);
    }

    private boolean accepting(GroupId group, Consumer<SubmitResult> done) {
        String why = stopped ? "node stopped" : !kinds.containsKey(group.kind()) ? "unknown group kind \""
                + group.kind() + "\"" : !ctx.overlay.isJoined() ? "node has not joined the ring" : null;
        if (why != null) {
            ctx.counters.refused++;
            ctx.env.schedule(0, () -> done.accept(SubmitResult.failed(Status.UNAVAILABLE, why)));
        }
        return why == null;
    }

    public GcsCounters counters() {
        return ctx.counters;
    }

    /** Replicas hosted here, and how many of them are active (not quiescent). */
    public int hostedGroups() {
        return groups.size();
    }

    public int activeGroups() {
        int n = 0;
        for (GroupReplica g : groups.values()) {
            n += g.raft.isQuiescent() ? 0 : 1;
        }
        return n;
    }

    /** Submissions from this node not yet completed. */
    public int pendingSubmissions() {
        return submitter.pending();
    }

    /** Client sessions this node keeps as a submitter: one per group it commanded within a session lifetime. */
    public int submitterClients() {
        return submitter.clients();
    }

    /** What this node's replica of {@code group} looks like, or null when it hosts none. For tools and tests. */
    public GroupInfo info(GroupId group) {
        GroupReplica g = groups.get(group);
        return g == null ? null : GroupInfo.of(g);
    }

    /** Every replica hosted here. */
    public List<GroupInfo> infos() {
        List<GroupInfo> out = new ArrayList<>(groups.size());
        for (GroupReplica g : groups.values()) {
            out.add(GroupInfo.of(g));
        }
        return out;
    }

    // ---- messages and overlay events ----------------------------------------------------------

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        if (stopped || !(msg instanceof GcsMessage m)) {
            return;
        }
        catchUp();
        if (ctx.heardFrom(from, incarnationOf(m))) {
            for (GroupReplica g : ctx.leases.watchers(from)) {
                g.leaderNodeRestarted(from);
            }
        }
        try {
            inbox.handle(from, m);
        } catch (RuntimeException e) {
            // A peer's garbled message must not take the node down; count it (tests require zero).
            ctx.counters.handlerErrors++;
        }
        settle();
    }

    /** The sending node's incarnation when its replicas sent {@code m}, else 0. */
    private static int incarnationOf(GcsMessage m) {
        if (m instanceof Beats b) {
            return b.incarnation();
        }
        return m instanceof GroupRaft r ? r.incarnation() : 0;
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        if (!stopped && payload instanceof Submit s && s.group() != null && s.origin() != null) {
            catchUp();
            onSubmit(s);
            settle();
        }
    }

    @Override
    public void update(NodeHandle node, boolean joined) {
        catchUp();
        for (GroupReplica g : groups.values()) {
            if (g.isLeader()) {
                g.members.leafSetChanged();
                if (!g.members.settled() || g.raft.isQuiescent()) {
                    wakeIfMoved(g);
                }
            }
        }
        settle();
    }

    /** A quiescent leader without a DHT view wakes when the overlay's replica set no longer matches its members. */
    private void wakeIfMoved(GroupReplica g) {
        for (NodeHandle n : g.members.target()) {
            if (g.config().memberOn(n.id()) == null) {
                activate(g);
                g.wake();
                return;
            }
        }
    }

    /** This node joined the ring with nothing hosted: tells its leaf set (see {@link GcsMessage.Started}). */
    @Override
    public void joined() {
        if (stopped) {
            return;
        }
        for (NodeHandle n : ctx.overlay.leafSetMembers()) {
            ctx.send(n, new GcsMessage.Started());
        }
    }

    /**
     * {@code node} started afresh, so it holds none of the replicas it had: every group with a member
     * there wakes, so that its leader hears the member's "no replica" and replaces it, and its
     * followers, if the leader was there, elect one of themselves. Followers of a busy group need
     * no more: their leader's lease already lapses as fast.
     */
    void peerStarted(NodeHandle node) {
        wakeGroupsOf(node);
    }

    @Override
    public void suspected(NodeHandle node) {
        wakeGroupsOf(node);
    }

    @Override
    public void departed(NodeHandle node, boolean graceful) {
        catchUp();
        ctx.departed(node);
        wakeGroupsOf(node);
    }

    private void wakeGroupsOf(NodeHandle node) {
        catchUp();
        for (GroupReplica g : groups.values()) {
            if (g.members.involves(node.id())) {
                g.wake();
                activate(g);
            }
        }
        settle();
    }

    private void dhtViewChanged(GroupId id, List<NodeHandle> view) {
        catchUp();
        if (view.isEmpty()) {
            dhtViews.remove(id);
        } else {
            dhtViews.put(id, view);
        }
        GroupReplica g = index.get(id);
        if (g != null) {
            g.members.viewChanged(view);
            if (g.isLeader()) {
                g.wake();
                activate(g);
            }
        }
        if (!ctx.touched.isEmpty() && !ticking) {
            // Not settled here: the next tick settles what the news touched, as it did when every tick ran.
            clock.wakeBy(clock.ticks() + 1);
        }
    }

    // ---- submissions and creations ------------------------------------------------------------

    void onSubmit(Submit s) {
        GroupId id = s.group();
        Kind k = kinds.get(id.kind());
        if (k == null || s.command() == null || s.command().length > ctx.config.maxCommandBytes()) {
            ctx.counters.refused++;
            return;
        }
        GroupReplica g = index.get(id);
        if (g != null) {
            g.onSubmit(s);
            activate(g);
        } else if (!ctx.overlay.isJoined()) {
            // Not joined (yet, or again after a crash): its leaf set is empty, so it would take itself
            // for the key's root and see no member around it. No answer: the submitter's retry goes on.
            return;
        } else if (s.create()) {
            creations.create(k, s);
        } else {
            forwardOrGiveUp(k, s);
        }
    }

    /**
     * A node without a replica passes a command on: routed again toward the key when this node's
     * leaf set does not reach it (the overlay delivered it short of the root), else to the next
     * closest node, at most r times; then the group is gone.
     */
    private void forwardOrGiveUp(Kind k, Submit s) {
        if (!ctx.overlay.coversKey(s.key())) {
            if (s.forwards() < k.replicas()) {
                ctx.overlay.route(s.key(), new Submit(s.kind(), s.key(), s.clientId(), s.seq(), s.command(), false,
                        s.origin(), s.forwards() + 1));
            }
            return;
        }
        List<NodeHandle> others = new ArrayList<>();
        for (NodeHandle n : ctx.overlay.replicaSet(s.key(), k.replicas() + 1)) {
            if (!n.id().equals(ctx.self().id())) {
                others.add(n);
            }
        }
        if (s.forwards() < Math.min(others.size(), k.replicas())) {
            ctx.send(others.get(s.forwards()), new Submit(s.kind(), s.key(), s.clientId(), s.seq(), s.command(), false,
                    s.origin(), s.forwards() + 1));
        } else {
            ctx.unknownReply(s, Status.NO_GROUP, "no live member hosts this group");
        }
    }

    // ---- hosting --------------------------------------------------------------------------------

    GroupReplica group(GroupId id) {
        return index.get(id);
    }

    /** A node answered a new root's probe for a creation it was about to start again (see {@link Creations}). */
    boolean creationProbeAnswered(NodeHandle from, GcsMessage.RecoveryState s) {
        return creations.onState(from, s);
    }

    boolean stopped() {
        return stopped;
    }

    /** The key's replica set: the DHT's view when it reported one here, else the overlay's. */
    List<NodeHandle> dhtView(GroupId id, Kind k) {
        List<NodeHandle> v = dhtViews.get(id);
        return v != null ? v : ctx.overlay.replicaSet(id.key(), k.replicas());
    }

    Kind kind(String name) {
        return kinds.get(name);
    }

    /** Hosts {@code g} (replacing any replica of the same group), with the DHT's view of its key if known. */
    void host(GroupReplica g) {
        GroupReplica old = groups.put(g.id, g);
        index.put(g);
        if (old != null) {
            drop(old);
        }
        List<NodeHandle> view = dhtViews.get(g.id);
        if (view != null) {
            g.members.viewChanged(view);
        }
        activate(g);
    }

    private void drop(GroupReplica g) {
        if (!g.stop()) {
            return;
        }
        ctx.counters.replicasDropped++;
        ctx.observer.dropped(g.id, g.generation, g.self());
    }

    /** Queues {@code g} on the node's clock for the tick at which it next has something to do. */
    void activate(GroupReplica g) {
        if (g.dropped() || g.raft.isQuiescent() || stopped) {
            return;
        }
        long ticks = clock.ticks();
        long at = Math.max(g.dueTick(), ticks + 1);
        due.schedule(g, at, ticks);
        if (!ticking) {
            clock.start();
            clock.wakeBy(at);
        }
    }

    /** After every event: drop replicas that left their group, send coalesced beats, keep the clock running. */
    void settle() {
        for (int i = 0; i < ctx.touched.size(); i++) {
            GroupReplica g = ctx.touched.get(i);
            g.settled();
            if (g.dropped()) {
                if (groups.get(g.id) == g) {
                    groups.remove(g.id);
                    index.remove(g.id);
                }
                drop(g);
            } else {
                activate(g);
            }
        }
        ctx.touched.clear();
        ctx.beats.flush();
        if (ticking || stopped) {
            return;
        }
        if (ctx.beats.holding()) {
            clock.start();
        }
        if (clock.running()) {
            clock.wakeBy(clock.nextWorkTick());
        }
    }

    /** The node's group clock: ticks the replicas due now, and queues them again for their next due tick. */
    private void tick() {
        if (stopped) {
            return;
        }
        long ticks = clock.ticks();
        ticking = true;
        if (ticks % ctx.config.raft().heartbeatTicks() == 0) {
            ctx.leases.sendLeases(ctx.beats);
        }
        wakeLapsed();
        for (GroupReplica g : due.take(ticks)) {
            if (g.queuedTick != ticks || g.dropped()) {
                continue;
            }
            g.queuedTick = 0;
            if (g.dueTick() <= ticks) {
                g.tick(ticks);
            }
            activate(g);
        }
        settle();
        int hb = ctx.config.raft().heartbeatTicks();
        if (ticks % hb == 0) {
            ctx.beats.flushAnswers(ticks / hb % BeatBatcher.ANSWER_PERIODS == 0);
        }
        ticking = false;
        if (clock.needed()) {
            clock.next(clock.nextWorkTick());
        }
    }

    /**
     * Before the node handles an event: counts the ticks that passed without work, then wakes the
     * followers of the watched nodes whose lease lapsed meanwhile. The clock itself wakes for a
     * lapse only on a heartbeat tick ({@link NodeClock#nextWorkTick}): a node hears group traffic
     * many times a second, so the lapse is noticed at the first event after it, and the clock is
     * the backstop of a node that hears nothing.
     */
    void catchUp() {
        clock.catchUp();
        if (!ticking) {
            wakeLapsed();
        }
    }

    /** Wakes the followers of the watched nodes whose lease has lapsed by the current tick. */
    private void wakeLapsed() {
        for (GroupReplica g : ctx.leases.lapsed(clock.ticks(), ctx.config.raft().electionTicks())) {
            activate(g);
        }
    }

    void deliverOutput(OutputId id, byte[] payload) {
        if (filter.firstTime(id)) {
            ctx.counters.outputsDelivered++;
            Kind k = kinds.get(id.group().kind());
            if (k != null) {
                k.receiver().deliver(id, payload);
            }
        } else {
            ctx.counters.outputDuplicates++;
        }
    }

    /**
     * Graceful leave: hands the leadership of the groups led here to other members, then runs
     * {@code done} (the overlay's leave then makes the leaders replace this node at once).
     */
    public void leave(Runnable done) {
        catchUp();
        for (GroupReplica g : groups.values()) {
            if (g.isLeader()) {
                for (Member m : g.config().voters()) {
                    if (!m.equals(g.self()) && !ctx.departed(m.node().id())) {
                        g.raft.transferLeadership(m);
                        break;
                    }
                }
            }
        }
        settle();
        ctx.env.schedule(ctx.config.tickMs() * 2, done);
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        submitter.close("node stopped");
        clock.stop();
        for (GroupReplica g : groups.values()) {
            g.stop();
        }
        groups.clear();
        index.clear();
        due.clear();
    }
}
