package org.vigne.overlay;

import java.util.List;
import java.util.random.RandomGenerator;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.overlay.OverlayMessage.FindNode;
import org.vigne.overlay.OverlayMessage.Heartbeat;
import org.vigne.overlay.OverlayMessage.LeafSetPull;
import org.vigne.overlay.OverlayMessage.Ping;
import org.vigne.overlay.OverlayMessage.RowRequest;

/**
 * Bamboo's periodic maintenance (Rhea et al. 2004), driven by one tick per node, one heartbeat
 * period long: a heartbeat to the successor (which probes its predecessor at the first tick after
 * 1.5 silent periods; every {@link #PROBE_HEARTBEATS}th heartbeat is also a probe, so RTT samples
 * keep flowing), probes of the neighbours silent for longer than their self-tuned periods
 * ({@link SelfTuning}) or whose RTT is not settled, a check of its own place in the ring
 * ({@link #selfCheck}, where Bamboo pulls the leaf set of a random leaf), local
 * routing-table tuning (ask a random entry of a row for its row) and global tuning (look up an id
 * that would fill an empty slot). Periods never shrink below their floors, so churn cannot cause
 * a message storm.
 */
final class Maintenance {
    private final Env env;
    private final OverlayConfig config;
    private final Overlay overlay;
    private final Neighbourhood hood;
    private final FailureDetector detector;
    /**
     * A predecessor silent for this many heartbeat periods at a tick is probed, so it is probed
     * 1.5 to 2.5 periods after its last word, by the tick's phase. The probe is routine (the
     * predecessor is suspected only when a second one goes unanswered, see {@link FailureDetector}),
     * so a late heartbeat costs one answered probe. The rule used to be 2.5 periods to the
     * millisecond, through a one-shot timer set whenever that instant fell between two ticks: with
     * 1.5 periods it would fall there at every other tick (measured: 3.6% more events in a
     * 2,000-node run), and checking at the tick is never later than 2.5.
     */
    static final double SILENT_HEARTBEATS = 1.5;
    /** Every this many heartbeats, the heartbeat also probes the successor: RTT samples that keep flowing. */
    static final int PROBE_HEARTBEATS = 10;
    /** Candidate probes are rationed per this period. */
    private static final long CANDIDATE_PERIOD_MS = 5000;
    /** How often the probe periods are re-tuned from the failures seen. */
    private static final long RETUNE_MS = 10_000;
    /** Longest wait between two scans for silent neighbours. */
    private static final long MAX_SCAN_MS = 15_000;
    /**
     * Leaf-set repairs (two pulls) run at most this often: a side that lost one member still has
     * the others, and under churn members are lost every few seconds.
     */
    private static final long REPAIR_MIN_MS = 5000;
    /**
     * After a probe admitted into the leaf set a live node it was missing, a leaf-set pull from a
     * random leaf follows this soon, and so on while pulls keep teaching (MSPastry's joining node
     * probes the nodes it learns until its leaf set is stable, for the same reason): nodes that
     * joined at once hold leaf sets that only gossip repairs. A stable ring's probes admit
     * nobody, so it pulls nothing.
     */
    static final long EAGER_PULL_MS = 2000;
    /** When the next eager pull is due; {@code Long.MAX_VALUE} when none is. */
    private long eagerPullAtMs = Long.MAX_VALUE;
    private Timer tick;
    private long nextScanMs;
    private long ticks;
    /** When the leaf set was last repaired; far enough in the past that the first repair runs (no overflow). */
    private long lastRepairMs = -Long.MAX_VALUE / 2;

    Maintenance(Env env, OverlayConfig config, Overlay overlay) {
        this.env = env;
        this.config = config;
        this.overlay = overlay;
        this.hood = overlay.hood;
        this.detector = overlay.detector();
    }

    void start() {
        ticks = env.random().nextInt(1 << 16);
        tick = env.schedule(env.random().nextLong(config.tickMs()) + 1, this::onTick);
    }

    void stop() {
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
    }

    private boolean every(long periodMs) {
        long n = Math.max(1, periodMs / config.tickMs());
        return ticks % n == 0;
    }

    private void onTick() {
        if (tick == null) {
            return;
        }
        ticks++;
        long now = env.nowMs();
        if (every(CANDIDATE_PERIOD_MS)) {
            hood.newPeriod();
            checkGrave();
        }
        NodeHandle successor = hood.leafSet.clockwise(0);
        if (successor != null) {
            overlay.send(successor, new Heartbeat(hood.leafSet.digest(), echoProbe(successor)));
        }
        checkPredecessor(now);
        if (every(RETUNE_MS)) {
            detector.retune();
        }
        if (now >= nextScanMs) {
            probeSilent(now);
            long tuned = Math.min(config.detector().leafProbeMs(), detector.tuning().tableProbeMs());
            nextScanMs = now + Math.max(config.tickMs(), Math.min(MAX_SCAN_MS, tuned / 4));
        }
        if (every(config.selfCheckMs())) {
            selfCheck();
        }
        if (now >= eagerPullAtMs) {
            eagerPullAtMs = Long.MAX_VALUE;
            pullFromRandomLeaf();
        }
        if (every(config.localTuneMs())) {
            localTuning();
        }
        if (every(config.globalTuneMs())) {
            globalTuning();
        }
        if (every(60_000)) {
            hood.expire();
        }
        overlay.flushUpdates();
        tick = env.schedule(config.tickMs(), this::onTick);
    }

    /**
     * Pings one immediate neighbour declared dead lately: if it answers (a partition healed, or it was
     * only slow), the first-hand answer brings it back, and our ping brings us back into its leaf
     * set. One ping per candidate period, so churn's dead cost little.
     */
    private void checkGrave() {
        NodeHandle g = hood.graveToCheck(env.random());
        if (g != null) {
            overlay.send(g, new Ping(0));
        }
    }

    /**
     * Every {@link #PROBE_HEARTBEATS}th heartbeat is also a probe of the successor, answered at
     * once: it times the round trip (so the RTT keeps following the path after a first contact's
     * sample), and a successor that stops answering is suspected from this side too. Returns the
     * nonce to carry, 0 for a plain heartbeat.
     */
    private long echoProbe(NodeHandle successor) {
        if (ticks % PROBE_HEARTBEATS != 0) {
            return 0;
        }
        Peer s = hood.peer(successor.id());
        return s == null ? 0 : detector.openProbe(s);
    }

    /** The predecessor's heartbeats stopped: probe it. */
    private void checkPredecessor(long now) {
        NodeHandle n = hood.leafSet.counterClockwise(0);
        if (n == null) {
            return;
        }
        Peer p = hood.predecessorRecord(n);
        if (p == null || p.probing()) {
            return;
        }
        if (now - p.lastHeardMs >= (long) (SILENT_HEARTBEATS * config.tickMs())) {
            detector.probe(p);
        }
    }

    /**
     * Probes the leaf-set members silent or not probed for longer than the backstop period, or
     * whose RTT is not settled yet, and the routing-table entries silent for longer than the
     * self-tuned period (alternates of a slot: twice as long).
     */
    private void probeSilent(long now) {
        long leafMs = config.detector().leafProbeMs();
        long tableMs = detector.tuning().tableProbeMs();
        for (int i = hood.peerCount() - 1; i >= 0; i--) {
            if (i >= hood.peerCount()) {
                continue;
            }
            Peer p = hood.peerAt(i);
            if (p.probing()) {
                continue;
            }
            if (p.inLeafSet()) {
                // Measured: silent, unsure of its RTT, or not probed for as long (the predecessor,
                // whose heartbeats keep it from ever being silent).
                if (now - p.lastHeardMs >= leafMs || unsure(p) || p.sinceProbedMs(now) >= leafMs) {
                    detector.probe(p);
                }
            } else if (p.inTable()) {
                // Silence first: whether it is its slot's primary reads its handle and id (two
                // cache misses per entry and scan), needed only between the two periods.
                long silentMs = now - p.lastHeardMs;
                if (silentMs >= 2 * tableMs || (silentMs >= tableMs && hood.table.isPrimary(p.handle))) {
                    detector.probe(p);
                }
            }
        }
    }

    /**
     * True when {@code p}'s RTT is unknown or rests on one sample, which a first contact takes
     * (connection set-up, handshake, a cold JVM): a leaf-set member is measured again at the next
     * scan, until a round trip no shorter than the estimate confirms it
     * ({@link org.vigne.core.RttEstimator}).
     */
    private static boolean unsure(Peer p) {
        return !p.hasSample() || p.restsOnOneSample();
    }

    private void pullFromRandomLeaf() {
        List<NodeHandle> members = hood.leafSet.members();
        if (members.isEmpty()) {
            return;
        }
        NodeHandle n = members.get(env.random().nextInt(members.size()));
        overlay.send(n, new LeafSetPull(members));
    }

    /** A probe admitted into the leaf set a live node it was missing: pull a random leaf's leaf set soon. */
    void leafSetWasWrong() {
        if (eagerPullAtMs == Long.MAX_VALUE) {
            eagerPullAtMs = env.nowMs() + EAGER_PULL_MS;
        }
    }

    /** A side lost a member: ask the farthest remaining member of each short side, which knows nodes beyond. */
    void repairLeafSet() {
        long now = env.nowMs();
        if (now - lastRepairMs < REPAIR_MIN_MS) {
            return;
        }
        lastRepairMs = now;
        LeafSet l = hood.leafSet;
        List<NodeHandle> members = l.members();
        int half = config.leafSetSize() / 2;
        if (l.clockwiseSize() > 0 && l.clockwiseSize() < half) {
            overlay.send(l.clockwise(l.clockwiseSize() - 1), new LeafSetPull(members));
        }
        if (l.counterClockwiseSize() > 0 && l.counterClockwiseSize() < half) {
            overlay.send(l.counterClockwise(l.counterClockwiseSize() - 1), new LeafSetPull(members));
        }
    }

    private void localTuning() {
        int last = hood.table.lastFilledRow();
        if (last < 0) {
            return;
        }
        RandomGenerator rnd = env.random();
        int row = rnd.nextInt(last + 1);
        List<NodeHandle> entries = hood.table.row(row);
        if (entries.isEmpty()) {
            return;
        }
        overlay.send(entries.get(rnd.nextInt(entries.size())), new RowRequest(row));
    }

    /**
     * Asks a far node (row 0 of the table) to route a lookup of this node's own id as if this node
     * were not in the ring ({@link OverlayMessage.FindNode#selfCheck}): the root it reaches is a
     * neighbour, which answers with its leaf set only when this node is missing from it. Nodes
     * that joined at once, or two rings healing after a partition, can each hold leaf sets that
     * agree among themselves and miss the other's nodes, and a node can be left out of every
     * leaf set but its successor's; no exchange of leaf sets between neighbours repairs that, a
     * lookup from afar does. This replaces Bamboo's pull from a random leaf, which the heartbeat
     * digests ({@link Overlay}) and the eager pulls made redundant: on a 1,000-node ring under
     * exp:1.4m churn it costs less than that pull did, and a 20,000-node ring joined within 4 s
     * converges in about half the time.
     */
    private void selfCheck() {
        List<NodeHandle> far = hood.table.row(0);
        if (far.isEmpty()) {
            return;
        }
        NodeHandle via = far.get(env.random().nextInt(far.size()));
        Id own = hood.self.id();
        overlay.send(via, new OverlayMessage.Route(own, new FindNode(own, -1), hood.self, 0, 0));
    }

    private void globalTuning() {
        int last = hood.table.lastFilledRow();
        if (last < 0) {
            return;
        }
        RandomGenerator rnd = env.random();
        int row = rnd.nextInt(last + 1);
        int own = hood.self.id().digit(row);
        int col = rnd.nextInt(Id.RADIX);
        if (col == own || hood.table.get(row, col) != null) {
            return;
        }
        Id target = Id.withPrefix(hood.self.id(), row, col, Id.random(rnd));
        overlay.routeInternal(target, new FindNode(target, row));
    }
}
