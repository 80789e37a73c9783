package org.vigne.apps.node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerReply;
import org.vigne.apps.node.AppsMessage.AppBeat;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Placement with no central scheduler, run by the leader of one manager for its pending
 * components: each round routes a few slot requests to random keys (so the nodes asked are spread
 * over the ring, and a full node passes the request to its neighbours); the first node that
 * reserves slots is proposed to the manager's log as the incarnation's node, and any other grant
 * is released. A round without a grant is followed by another at once; after
 * {@link AppsConfig#placementRounds()} of them the manager records why the application waits,
 * and the rounds go on with growing pauses.
 */
final class Placement {
    private record Ask(int component, int incarnation, long requestId, long deadlineMs) {
    }

    private final DriverContext ctx;
    private final ApplicationManager manager;
    private final Map<Long, Ask> asking = new HashMap<>();
    private final Map<Long, NodeHandle> granted = new HashMap<>();
    private final Map<Long, Integer> rounds = new HashMap<>();
    private final Map<Long, Long> pauseUntil = new HashMap<>();
    private final Map<Long, Long> dueAt = new HashMap<>();

    Placement(DriverContext ctx, ApplicationManager manager) {
        this.ctx = ctx;
        this.manager = manager;
    }

    /** Asks for slots for the pending components that are due, and gives up on rounds that ran out. */
    void step(long now) {
        List<ApplicationManager.Pending> pending = manager.pending();
        Set<Long> wanted = new HashSet<>();
        for (ApplicationManager.Pending p : pending) {
            long key = AppBeat.pack(p.component(), p.incarnation());
            wanted.add(key);
            Ask a = asking.get(key);
            if (a != null && a.deadlineMs() <= now) {
                asking.remove(key);
                roundFailed(key, p, now);
            }
            if (asking.containsKey(key) || granted.containsKey(key) || due(key, p, now) > now
                    || pauseUntil.getOrDefault(key, 0L) > now) {
                continue;
            }
            ask(key, p, now);
        }
        asking.keySet().retainAll(wanted);
        granted.keySet().retainAll(wanted);
        rounds.keySet().retainAll(wanted);
        pauseUntil.keySet().retainAll(wanted);
        dueAt.keySet().retainAll(wanted);
    }

    /**
     * When the leader may ask for slots for {@code p}, on its own clock. The backoff deadline is on
     * the manager's clock (stamps of several nodes), which may run ahead of this node's: the wait
     * left is measured on the manager's clock when the leader first sees the component pending,
     * and never ends later than the deadline read on the local clock.
     */
    private long due(long key, ApplicationManager.Pending p, long now) {
        return dueAt.computeIfAbsent(key, k -> Math.min(p.notBeforeMs(),
                now + Math.max(0, p.notBeforeMs() - manager.clockMs())));
    }

    private void ask(long key, ApplicationManager.Pending p, long now) {
        long requestId = ctx.env.random().nextLong();
        asking.put(key, new Ask(p.component(), p.incarnation(), requestId, now + ctx.config.placementWaitMs()));
        for (int i = 0; i < ctx.config.placementFanout(); i++) {
            ctx.counters.slotRequests++;
            ctx.overlay.route(Id.random(ctx.env.random()), new AppsMessage.SlotRequest(requestId, manager.appId(),
                    p.component(), p.incarnation(), p.slots(), ctx.env.self(), ctx.config.leaseMs(), 0));
        }
    }

    private void roundFailed(long key, ApplicationManager.Pending p, long now) {
        int r = rounds.merge(key, 1, Integer::sum);
        ctx.counters.placementRoundsFailed++;
        if (r < ctx.config.placementRounds()) {
            return;
        }
        int extra = Math.min(20, r - ctx.config.placementRounds());
        long pause = Math.min(ctx.config.maxPlacementPauseMs(), ctx.config.placementWaitMs() << extra);
        pauseUntil.put(key, now + pause);
        String reason = "no node with " + p.slots() + " free slot" + (p.slots() == 1 ? "" : "s") + " found for component "
                + p.component() + " (" + ctx.config.placementRounds() + " rounds of " + ctx.config.placementFanout()
                + " random nodes and their neighbours); trying again";
        ctx.submit(manager.appId(), new ManagerCommand.Unplaced(now, reason), r2 -> { });
    }

    /** A node reserved slots: propose it if the incarnation still waits for one, else release the slots. */
    void onGranted(AppsMessage.SlotGranted g) {
        long key = AppBeat.pack(g.component(), g.incarnation());
        Ask a = asking.get(key);
        if (a == null || g.node() == null) {
            NodeHandle chosen = granted.get(key);
            if (g.node() != null && (chosen == null || !chosen.id().equals(g.node().id()))) {
                release(g);
            }
            return;
        }
        asking.remove(key);
        rounds.remove(key);
        granted.put(key, g.node());
        ctx.counters.placementsProposed++;
        ctx.submit(manager.appId(), new ManagerCommand.Placed(ctx.env.nowMs(), g.component(), g.incarnation(), g.node()),
                reply -> {
                    if (reply == null || reply.code() != ManagerReply.Code.ACCEPTED) {
                        granted.remove(key, g.node());
                        release(g);
                    }
                });
    }

    private void release(AppsMessage.SlotGranted g) {
        ctx.counters.slotsReleased++;
        ctx.env.send(g.node(), new AppsMessage.SlotRelease(g.appId(), g.component(), g.incarnation()));
    }
}
