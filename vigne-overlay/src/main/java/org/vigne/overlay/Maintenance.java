package org.vigne.overlay;

import java.util.List;
import java.util.random.RandomGenerator;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.overlay.OverlayMessage.FindNode;
import org.vigne.overlay.OverlayMessage.LeafSetPull;
import org.vigne.overlay.OverlayMessage.RowRequest;

/**
 * Bamboo's periodic maintenance (Rhea et al. 2004), driven by one tick per node: liveness probes
 * of silent neighbours (the immediate neighbours most often), leaf-set push/pull with a random
 * leaf, local routing-table tuning (ask a random entry of a row for its row) and global tuning
 * (look up an id that would fill an empty slot). Periods are fixed, so the maintenance load does
 * not grow with churn.
 */
final class Maintenance {
    private final Env env;
    private final OverlayConfig config;
    private final Overlay overlay;
    private final Neighbourhood hood;
    private static final int FULL_SCAN_TICKS = 10;
    private Timer tick;
    private long ticks;
    /** When the leaf set was last repaired; far enough in the past that the first repair runs (no overflow). */
    private long lastRepairMs = -Long.MAX_VALUE / 2;
    /** The immediate neighbours' records, kept to spare a lookup at every tick. */
    private Peer lastSuccessor;
    private Peer lastPredecessor;

    Maintenance(Env env, OverlayConfig config, Overlay overlay) {
        this.env = env;
        this.config = config;
        this.overlay = overlay;
        this.hood = overlay.hood;
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
        hood.newPeriod();
        checkLiveness(env.nowMs());
        if (every(config.nearPullMs())) {
            NodeHandle successor = hood.leafSet.clockwise(0);
            if (successor != null) {
                overlay.pullFrom(successor);
            }
        }
        if (every(config.leafSetPullMs())) {
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
     * Times out probes at every tick; probes the immediate neighbours when silent at every tick;
     * the other neighbours, whose silence thresholds are much longer, on every tenth tick only.
     */
    private void checkLiveness(long now) {
        overlay.checkProbes(now);
        LeafSet leaves = hood.leafSet;
        probeIfSilent(leaves.clockwise(0), now, config.nearProbeMs());
        probeIfSilent(leaves.counterClockwise(0), now, config.nearProbeMs());
        if (ticks % FULL_SCAN_TICKS != 0) {
            return;
        }
        List<Peer> peers = hood.peers();
        for (int i = peers.size() - 1; i >= 0; i--) {
            if (i >= peers.size()) {
                continue;
            }
            Peer p = peers.get(i);
            long silenceMs = p.inLeafSet ? config.leafProbeMs()
                    : p.inTable ? (hood.table.isPrimary(p.handle) ? config.tableProbeMs() : 2 * config.tableProbeMs())
                    : -1;
            if (silenceMs >= 0 && !p.probing() && now - p.lastHeardMs >= silenceMs) {
                overlay.probe(p);
            }
        }
    }

    private void probeIfSilent(NodeHandle n, long now, long silenceMs) {
        if (n == null) {
            return;
        }
        Peer p;
        if (lastSuccessor != null && lastSuccessor.handle == n && !lastSuccessor.forgotten) {
            p = lastSuccessor;
        } else if (lastPredecessor != null && lastPredecessor.handle == n && !lastPredecessor.forgotten) {
            p = lastPredecessor;
        } else {
            p = hood.peer(n.id());
        }
        if (n == hood.leafSet.clockwise(0)) {
            lastSuccessor = p;
        } else {
            lastPredecessor = p;
        }
        if (p != null && !p.probing() && now - p.lastHeardMs >= silenceMs) {
            overlay.probe(p);
        }
    }

    private void pullFromRandomLeaf() {
        List<NodeHandle> members = hood.leafSet.members();
        if (members.isEmpty()) {
            return;
        }
        NodeHandle n = members.get(env.random().nextInt(members.size()));
        overlay.send(n, new LeafSetPull(members));
    }

    /** A side lost a member: ask the farthest remaining member of that side, which knows nodes beyond. */
    void repairLeafSet() {
        long now = env.nowMs();
        if (now - lastRepairMs < config.tickMs()) {
            return;
        }
        lastRepairMs = now;
        LeafSet l = hood.leafSet;
        List<NodeHandle> members = l.members();
        if (l.clockwiseSize() > 0) {
            overlay.send(l.clockwise(l.clockwiseSize() - 1), new LeafSetPull(members));
        }
        if (l.counterClockwiseSize() > 0) {
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
