package org.vigne.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.core.Timer;
import org.vigne.overlay.OverlayMessage.FailureNotice;
import org.vigne.overlay.OverlayMessage.FindNode;
import org.vigne.overlay.OverlayMessage.FindNodeReply;
import org.vigne.overlay.OverlayMessage.Heartbeat;
import org.vigne.overlay.OverlayMessage.JoinLookup;
import org.vigne.overlay.OverlayMessage.JoinRequest;
import org.vigne.overlay.OverlayMessage.Leave;
import org.vigne.overlay.OverlayMessage.LeafSetPull;
import org.vigne.overlay.OverlayMessage.LeafSetPush;
import org.vigne.overlay.OverlayMessage.PeerUnreachable;
import org.vigne.overlay.OverlayMessage.Ping;
import org.vigne.overlay.OverlayMessage.Pong;
import org.vigne.overlay.OverlayMessage.Route;
import org.vigne.overlay.OverlayMessage.RouteAck;
import org.vigne.overlay.OverlayMessage.RowReply;
import org.vigne.overlay.OverlayMessage.RowRequest;

/**
 * The system membership service of one node (paper, Sect. 4): Pastry's structure and routing,
 * Bamboo's periodic maintenance, and the key-based routing API for the services above.
 *
 * <p>Routing is recursive with a per-hop acknowledgement: a hop not acknowledged within the
 * neighbour's RTT timeout is retried through the next best hop, and the neighbour is suspected.
 * Maintenance is periodic, never reactive, so churn cannot cause a message storm; see
 * {@link Maintenance}. The node's one failure detector ({@link FailureDetector}) takes evidence
 * from routing, maintenance, the transport and the services, and tells every service what it
 * decides.
 */
public final class Overlay implements Service, KeyBasedRouting {
    private final Env env;
    private final OverlayConfig config;
    final Neighbourhood hood;
    private final Router router;
    private final Maintenance maintenance;
    private final HopByHop hops;
    private final FailureDetector detector;
    private NodeHandle pullTarget;
    private long pullSentMicros;
    /** When a heartbeat last made this node pull its predecessor's leaf set. */
    private long lastNearPullMs = -Long.MAX_VALUE / 2;
    /**
     * A predecessor's changed leaf set is pulled at most this often: under churn a leaf set changes
     * every few seconds, and pulling at every heartbeat would cost more than the rest of maintenance.
     */
    static final long NEAR_PULL_MIN_MS = 10_000;
    /** Usually one or two of each: sized so, since a million simulated nodes each hold these lists. */
    private final List<OverlayApplication> apps = new ArrayList<>(2);
    private final List<OverlayListener> listeners = new ArrayList<>(2);
    private JoinState state = JoinState.IDLE;
    private List<NodeHandle> bootstraps = List.of();
    private int joinAttempts;
    private Timer joinTimer;

    public Overlay(Env env, OverlayConfig config) {
        this.env = env;
        this.config = config;
        this.hood = new Neighbourhood(env, config, p -> detector().probe(p));
        this.detector = new FailureDetector(env, config, hood, new Verdicts());
        this.router = new Router(hood);
        this.maintenance = new Maintenance(env, config, this);
        this.hops = new HopByHop(env, config, this, router, apps, this::deliverHere);
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Starts a new ring with this node alone in it. */
    public void create() {
        requireState(JoinState.IDLE);
        becomeJoined();
    }

    /** Joins the ring through any of {@code bootstraps}, retrying through the next one on timeout. */
    public void join(List<NodeHandle> bootstraps) {
        requireState(JoinState.IDLE);
        if (bootstraps.isEmpty()) {
            throw new IllegalArgumentException("joining needs at least one bootstrap node");
        }
        this.bootstraps = List.copyOf(bootstraps);
        state = JoinState.JOINING;
        sendJoinRequest();
    }

    private void sendJoinRequest() {
        if (state != JoinState.JOINING) {
            return;
        }
        NodeHandle b = bootstraps.get(joinAttempts % bootstraps.size());
        joinAttempts++;
        env.send(b, new JoinRequest(env.self()));
        joinTimer = env.schedule(config.joinTimeoutMs(), this::sendJoinRequest);
    }

    private void becomeJoined() {
        state = JoinState.JOINED;
        bootstraps = List.of();
        if (joinTimer != null) {
            joinTimer.cancel();
        }
        detector.start();
        maintenance.start();
        for (NodeHandle n : hood.leafSet.members()) {
            env.send(n, new LeafSetPull(hood.leafSet.members()));
        }
        flushUpdates();
        for (OverlayApplication a : apps) {
            a.joined();
        }
        for (OverlayListener l : listeners) {
            l.joined(this);
        }
    }

    /** Leaves gracefully: tells every neighbour, with this node's leaf set so they can fill the gap. */
    public void leave() {
        if (state != JoinState.JOINED) {
            state = JoinState.LEFT;
            return;
        }
        List<NodeHandle> leaves = hood.leafSet.members();
        for (NodeHandle n : hood.known()) {
            env.send(n, new Leave(leaves));
        }
        stop();
    }

    @Override
    public void stop() {
        state = JoinState.LEFT;
        maintenance.stop();
        detector.stop();
        if (joinTimer != null) {
            joinTimer.cancel();
        }
        hops.stop();
    }

    private void requireState(JoinState expected) {
        if (state != expected) {
            throw new IllegalStateException("overlay is " + state + ", expected " + expected);
        }
    }

    public JoinState state() {
        return state;
    }

    public OverlayConfig config() {
        return config;
    }

    /** Registers a listener for membership events (joins, departures, suspicions), for logs and measurement. */
    public void addListener(OverlayListener l) {
        listeners.add(l);
    }

    // ---- key-based routing API -----------------------------------------------------------

    @Override
    public NodeHandle self() {
        return env.self();
    }

    @Override
    public void route(Id key, Message payload) {
        if (state != JoinState.JOINED) {
            return;
        }
        hops.forward(new Route(key, payload, env.self(), 0, 0), null, 0);
    }

    @Override
    public List<NodeHandle> replicaSet(Id key, int r) {
        return hood.leafSet.replicaSet(key, r);
    }

    @Override
    public boolean coversKey(Id key) {
        return hood.leafSet.inRange(key);
    }

    @Override
    public boolean isRoot(Id key) {
        return hood.leafSet.inRange(key) && hood.leafSet.closest(key, n -> false).equals(env.self());
    }

    @Override
    public List<NodeHandle> leafSetMembers() {
        return hood.leafSet.members();
    }

    @Override
    public boolean declaredDead(NodeHandle node) {
        return hood.declaredDead(node.id());
    }

    @Override
    public boolean isJoined() {
        return state == JoinState.JOINED;
    }

    @Override
    public void addApplication(OverlayApplication app) {
        apps.add(app);
    }

    @Override
    public void suspect(NodeHandle node) {
        if (state == JoinState.JOINED && !node.id().equals(env.self().id())) {
            detector.serviceSuspects(node);
            flushUpdates();
        }
    }

    @Override
    public boolean isSuspected(NodeHandle node) {
        return hood.isSuspected(node.id());
    }

    /** The self-tuned silence before a routing-table primary is probed, in milliseconds. */
    public long tableProbeMs() {
        return detector.tuning().tableProbeMs();
    }

    /** The failure rate this node estimates per neighbour, per second (0 on a quiet ring). */
    public double failureRatePerSecond() {
        return detector.tuning().failureRatePerSecond();
    }

    /** Sorted ids of the leaf set, for comparison with the true ring. */
    public Id[] leafSetIds() {
        return hood.leafSet.sortedIds();
    }

    /** Filled routing-table slots. */
    public int routingTableSize() {
        return hood.table.size();
    }

    /** The routing table, row by row. */
    public List<List<NodeHandle>> routingTableRows() {
        List<List<NodeHandle>> rows = new ArrayList<>();
        int last = hood.table.lastFilledRow();
        for (int i = 0; i <= last; i++) {
            rows.add(hood.table.row(i));
        }
        return rows;
    }

    /** Neighbours with an RTT sample: handle to smoothed RTT in microseconds. */
    public Map<NodeHandle, Long> neighbourRttsMicros() {
        Map<NodeHandle, Long> out = new HashMap<>();
        for (int i = 0; i < hood.peerCount(); i++) {
            Peer p = hood.peerAt(i);
            if (p.hasSample() && hood.isUsed(p.handle.id())) {
                out.put(p.handle, p.srttMicros(0));
            }
        }
        return out;
    }

    // ---- message handling -----------------------------------------------------------------

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        if (!(msg instanceof OverlayMessage m) || state == JoinState.LEFT || state == JoinState.IDLE) {
            return;
        }
        if (state == JoinState.JOINING) {
            if (m instanceof OverlayMessage.JoinState js) {
                onJoinState(from, js);
            }
            return;
        }
        if (m instanceof JoinRequest r) {
            hops.forward(new Route(r.joiner().id(), new JoinLookup(r.joiner()), env.self(), 0, 0), null, 0);
        } else if (m instanceof Leave l) {
            onLeave(from, l);
        } else if (m instanceof PeerUnreachable u) {
            detector.onUnreachable(u.peer());
        } else {
            Peer p = hood.heardFrom(from);
            if (p != null) {
                detector.heard(p);
            }
            dispatch(from, p, m);
        }
        flushUpdates();
    }

    private void dispatch(NodeHandle from, Peer p, OverlayMessage m) {
        if (m instanceof Route r) {
            // Forward or deliver first, acknowledge after: an answer the delivery sends (a DHT
            // reply) goes out before the acknowledgement, which only has to beat a timeout.
            onRoute(r);
            env.send(from, new RouteAck(r.hopSeq()));
        } else if (m instanceof RouteAck a) {
            hops.acknowledged(from, p, a);
        } else if (m instanceof OverlayMessage.JoinState js) {
            onJoinState(from, js);
        } else if (m instanceof LeafSetPull pull) {
            env.send(from, new LeafSetPush(hood.leafSet.members()));
            learnLeafSet(p, pull.leaves());
        } else if (m instanceof LeafSetPush push) {
            long rttMicros = env.nowMicros() - pullSentMicros;
            if (p != null && from.equals(pullTarget) && rttMicros < config.hopTimeoutMaxMs() * 2000) {
                p.sampleMicros(rttMicros);
                hood.anyRtt.sampleMicros(rttMicros);
                pullTarget = null;
            }
            learnLeafSet(p, push.leaves());
        } else if (m instanceof Heartbeat hb) {
            onHeartbeat(from, p, hb);
        } else if (m instanceof Ping ping) {
            env.send(from, new Pong(ping.nonce()));
        } else if (m instanceof Pong pong) {
            long rtt = p == null ? -1 : detector.answered(p, pong.nonce());
            if (rtt >= 0) {
                if (hood.probeAnswered(p, rtt)) {
                    maintenance.leafSetWasWrong();
                }
            }
        } else if (m instanceof FailureNotice n) {
            detector.onNotice(n.node());
        } else if (m instanceof RowRequest rr) {
            boolean valid = rr.row() >= 0 && rr.row() < Id.DIGITS;
            env.send(from, new RowReply(rr.row(), valid ? hood.table.row(rr.row()) : List.of()));
        } else if (m instanceof RowReply rr) {
            learnAll(rr.nodes());
        } else if (m instanceof FindNodeReply fr) {
            learnAll(fr.nodes());
        }
    }

    /**
     * The predecessor's heartbeat: it is alive (already noted). Answered when it carries a probe.
     * When its leaf set changed since we last learned it, exchange leaf sets with it, at most once
     * per {@link #NEAR_PULL_MIN_MS} (a change not pulled yet is pulled at a later heartbeat).
     */
    private void onHeartbeat(NodeHandle from, Peer p, Heartbeat hb) {
        if (hb.probeNonce() != 0) {
            env.send(from, new Pong(hb.probeNonce()));
        }
        long now = env.nowMs();
        if (p != null && hood.leafSetDigestOf(p) != hb.leafSetDigest() && now - lastNearPullMs >= NEAR_PULL_MIN_MS) {
            lastNearPullMs = now;
            pullFrom(from);
        }
    }

    /**
     * Learns a neighbour's leaf set, skipping the work when it is the same as the last one that
     * neighbour sent (the common case once the ring is stable) and nothing was forgotten since.
     */
    private void learnLeafSet(Peer from, List<NodeHandle> leaves) {
        if (from != null) {
            if (!hood.noteLeafSet(from, LeafSet.digestOf(leaves))) {
                return;
            }
        }
        learnAll(leaves);
    }

    private void learnAll(List<NodeHandle> nodes) {
        for (NodeHandle n : nodes) {
            hood.heardOf(n);
        }
    }

    private void onLeave(NodeHandle from, Leave l) {
        if (hood.isUsed(from.id())) {
            for (OverlayListener x : listeners) {
                x.departed(this, from, true);
            }
            for (OverlayApplication a : apps) {
                a.departed(from, true);
            }
        }
        hood.declareDead(from.id());
        learnAll(l.leaves());
    }

    // ---- joining ----------------------------------------------------------------------------

    private void onJoinState(NodeHandle from, OverlayMessage.JoinState js) {
        hood.heardFrom(from);
        learnAll(js.table());
        if (js.fromRoot() && state == JoinState.JOINING) {
            for (NodeHandle n : js.leaves()) {
                hood.heardFrom(n);
            }
            becomeJoined();
        }
        flushUpdates();
    }

    private List<NodeHandle> rowsFor(Id joiner) {
        List<NodeHandle> out = new ArrayList<>();
        int upTo = Math.min(env.self().id().prefixLength(joiner), hood.table.lastFilledRow());
        for (int i = 0; i <= upTo; i++) {
            out.addAll(hood.table.row(i));
        }
        out.add(env.self());
        return out;
    }

    // ---- routing ----------------------------------------------------------------------------

    private void onRoute(Route r) {
        if (r.payload() instanceof JoinLookup j && !j.joiner().equals(env.self())) {
            NodeHandle next = router.nextHop(r.key(), n -> n.id().equals(j.joiner().id()));
            if (!next.equals(env.self())) {
                env.send(j.joiner(), new OverlayMessage.JoinState(rowsFor(j.joiner().id()), List.of(), false));
            }
        }
        hops.forward(r, null, 0);
    }

    private void deliverHere(Route r) {
        if (r.payload() instanceof JoinLookup j) {
            List<NodeHandle> leaves = new ArrayList<>(hood.leafSet.members());
            leaves.add(env.self());
            env.send(j.joiner(), new OverlayMessage.JoinState(rowsFor(j.joiner().id()), leaves, true));
        } else if (r.payload() instanceof FindNode f) {
            answerFindNode(r, f);
        } else {
            for (OverlayApplication a : apps) {
                a.deliver(r.key(), r.payload(), r.origin(), r.hops());
            }
        }
    }

    /**
     * Global tuning: the root of an id in someone's empty slot answers with the nodes that fit it.
     * A self-check's root answers with its whole leaf set, unless the node checking is already in
     * it (the ring is consistent there: nothing to say).
     */
    private void answerFindNode(Route r, FindNode f) {
        if (f.selfCheck() && hood.leafSet.contains(r.origin().id())) {
            return;
        }
        List<NodeHandle> fit = new ArrayList<>();
        for (NodeHandle n : hood.leafSet.members()) {
            if (n.id().prefixLength(f.target()) > f.row()) {
                fit.add(n);
            }
        }
        if (env.self().id().prefixLength(f.target()) > f.row()) {
            fit.add(env.self());
        }
        if (!fit.isEmpty() && !r.origin().equals(env.self())) {
            env.send(r.origin(), new FindNodeReply(fit));
        }
    }

    // ---- liveness ---------------------------------------------------------------------------

    FailureDetector detector() {
        return detector;
    }

    /** Passes the failure detector's decisions on to the listeners and the services. */
    private final class Verdicts implements FailureDetector.Verdicts {
        @Override
        public void suspected(NodeHandle n) {
            for (OverlayListener l : listeners) {
                l.suspected(Overlay.this, n);
            }
            for (OverlayApplication a : apps) {
                a.suspected(n);
            }
        }

        @Override
        public void cleared(NodeHandle n) {
            for (OverlayApplication a : apps) {
                a.suspicionCleared(n);
            }
        }

        @Override
        public void dead(NodeHandle n) {
            for (OverlayListener l : listeners) {
                l.departed(Overlay.this, n, false);
            }
            for (OverlayApplication a : apps) {
                a.departed(n, false);
            }
        }
    }

    /** Makes the {@code update} upcalls for leaf-set changes, and repairs a side that lost a member. */
    void flushUpdates() {
        if (!hood.leafSet.hasChanges()) {
            return;
        }
        List<NodeHandle> removed = hood.leafSet.drainRemoved();
        List<NodeHandle> added = hood.leafSet.drainAdded();
        boolean lost = false;
        for (NodeHandle n : removed) {
            if (!hood.leafSet.contains(n.id())) {
                lost = true;
                for (OverlayApplication a : apps) {
                    a.update(n, false);
                }
            }
        }
        for (NodeHandle n : added) {
            if (hood.leafSet.contains(n.id()) && !removed.contains(n)) {
                for (OverlayApplication a : apps) {
                    a.update(n, true);
                }
            }
        }
        if (lost && !hood.leafSet.isComplete()) {
            maintenance.repairLeafSet();
        }
    }

    /** Leaf-set push/pull with {@code n}, timing the round trip: immediate neighbours are rarely probed. */
    void pullFrom(NodeHandle n) {
        pullTarget = n;
        pullSentMicros = env.nowMicros();
        env.send(n, new LeafSetPull(hood.leafSet.members()));
    }

    /** Sends a message on behalf of the maintenance tasks. */
    void send(NodeHandle to, Message m) {
        env.send(to, m);
    }

    /** Routes an overlay-internal payload (global tuning). */
    void routeInternal(Id key, Message payload) {
        hops.forward(new Route(key, payload, env.self(), 0, 0), null, 0);
    }
}
