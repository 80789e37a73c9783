package org.vigne.apps.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.node.AppsMessage.AppBeat;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The failure detector of one manager, run by its leader (paper, Fig. 3, right): it watches the
 * beats of the hosts of the placed and running instances and turns a host that no longer runs the
 * instance, or the overlay's verdict that a host is dead, into a suspicion command in the
 * manager's log, so every replica reacts to it alike. A new leader gives hosts a grace period to
 * find it before it suspects anyone. A host that says an instance ended, while the manager
 * believes it runs, is asked for the instance's end report again.
 *
 * <p>Late beats alone are evidence, not a verdict (DESIGN.md: the overlay is the node's one failure
 * detector). A host silent for {@code suspectAfterMs} is reported to the overlay
 * ({@link org.vigne.overlay.KeyBasedRouting#suspect}), which probes it directly, SWIM-style: a host
 * that answers is alive however late its beats are (at load 21-25 starved beats had restarted
 * applications on live nodes), and is asked about again after each further {@code suspectAfterMs}
 * of silence; a host that does not answer is declared dead and its instances are suspected through
 * {@link #departed}. Only a host that answers probes but sends no beat for
 * {@link #SILENCE_LIMIT_FACTOR} times {@code suspectAfterMs} is suspected on its silence alone (an
 * agent that lost its instances without saying so must not stall the application forever).
 */
final class Watch {
    /** A host silent this many times {@code suspectAfterMs} is suspected even though it answers the overlay's probes. */
    static final int SILENCE_LIMIT_FACTOR = 10;

    private final DriverContext ctx;
    private final ApplicationManager manager;
    private final long sinceMs;
    private final Map<Long, Long> firstSeen = new HashMap<>();
    private final Map<Long, Long> lastBeat = new HashMap<>();
    private final Set<Long> suspecting = new HashSet<>();
    private final Map<Long, Long> resendAsked = new HashMap<>();
    /** Hosts reported to the overlay for their silence, and when. */
    private final Map<Id, Long> reportedMs = new HashMap<>();

    Watch(DriverContext ctx, ApplicationManager manager, long sinceMs) {
        this.ctx = ctx;
        this.manager = manager;
        this.sinceMs = sinceMs;
    }

    /**
     * {@code host} beat for the instances in {@code beat}. Those it should run and did not list are
     * suspected; those it lists as ended while the manager believes them running (a rebuild lost
     * their end report) are returned, so the host is asked for the report again.
     */
    List<Long> onBeat(NodeHandle host, AppBeat beat, long now) {
        Set<Long> listed = new HashSet<>(beat.instances());
        Set<Long> ended = new HashSet<>(beat.ended());
        List<Long> resend = new ArrayList<>();
        reportedMs.remove(host.id());
        for (ApplicationManager.OnNode o : manager.onNodes()) {
            if (!o.node().id().equals(host.id())) {
                continue;
            }
            long key = AppBeat.pack(o.component(), o.incarnation());
            if (listed.contains(key)) {
                lastBeat.put(key, now);
            } else if (ended.contains(key)) {
                lastBeat.put(key, now);
                if (now - resendAsked.getOrDefault(key, Long.MIN_VALUE / 2) >= ctx.config.suspectAfterMs()) {
                    resendAsked.put(key, now);
                    resend.add(key);
                }
            } else if (now - firstSeen.computeIfAbsent(key, k -> now) > ctx.config.launchGraceMs()) {
                suspect(o, "its node does not run it");
            }
        }
        return resend;
    }

    /**
     * Suspects the instances whose hosts the overlay believes dead, reports the silent hosts to it,
     * and suspects the instances of a host silent past the limit although it answers probes.
     */
    void check(long now) {
        List<ApplicationManager.OnNode> on = manager.onNodes();
        Set<Long> current = new HashSet<>();
        long graceEnd = sinceMs + ctx.config.takeoverGraceMs();
        for (ApplicationManager.OnNode o : on) {
            long key = AppBeat.pack(o.component(), o.incarnation());
            current.add(key);
            long first = firstSeen.computeIfAbsent(key, k -> now);
            if (ctx.overlay.declaredDead(o.node())) {
                // The overlay's verdict came before this leader watched the node (a takeover, or
                // a placement on a node that died at once): no grace period waits for its beats.
                suspect(o, "declared dead by the overlay");
                continue;
            }
            Long beat = lastBeat.get(key);
            long deadline = Math.max(graceEnd, beat == null ? first + ctx.config.launchGraceMs()
                    : beat + ctx.config.suspectAfterMs());
            if (now <= deadline) {
                continue;
            }
            long silentMs = now - (beat == null ? first : beat);
            long limitMs = (beat == null ? ctx.config.launchGraceMs() : 0) + SILENCE_LIMIT_FACTOR * ctx.config.suspectAfterMs();
            if (silentMs > limitMs) {
                suspect(o, (beat == null ? "no heartbeat since its placement, " : "no heartbeat for ")
                        + silentMs / 1000 + " s, although its node answers probes");
            } else {
                report(o.node(), now);
            }
        }
        Set<Id> hosts = new HashSet<>();
        for (ApplicationManager.OnNode o : on) {
            hosts.add(o.node().id());
        }
        reportedMs.keySet().retainAll(hosts);
        firstSeen.keySet().retainAll(current);
        lastBeat.keySet().retainAll(current);
        resendAsked.keySet().retainAll(current);
        suspecting.retainAll(current);
    }

    /**
     * Reports a silent host to the overlay, which probes it; asks again after every further
     * {@code suspectAfterMs} once the overlay has cleared it (it answered). This node never reports
     * itself: its own beats are late only when its own loop is.
     */
    private void report(NodeHandle host, long now) {
        if (host.id().equals(ctx.env.self().id())) {
            return;
        }
        Long at = reportedMs.get(host.id());
        if (at != null && (now - at < ctx.config.suspectAfterMs() || ctx.overlay.isSuspected(host))) {
            return;
        }
        reportedMs.put(host.id(), now);
        ctx.counters.hostsReported++;
        ctx.overlay.suspect(host);
    }

    /** The overlay declared {@code node} dead: its instances are suspected at once. */
    void departed(NodeHandle node) {
        for (ApplicationManager.OnNode o : manager.onNodes()) {
            if (o.node().id().equals(node.id())) {
                suspect(o, "declared dead by the overlay");
            }
        }
    }

    private void suspect(ApplicationManager.OnNode o, String reason) {
        long key = AppBeat.pack(o.component(), o.incarnation());
        if (!suspecting.add(key)) {
            return;
        }
        ctx.counters.suspicions++;
        ctx.submit(manager.appId(), new ManagerCommand.Suspect(ctx.env.nowMs(), o.component(), o.incarnation(), o.node(),
                reason), reply -> {
                    if (reply == null) {
                        suspecting.remove(key);
                    }
                });
    }
}
