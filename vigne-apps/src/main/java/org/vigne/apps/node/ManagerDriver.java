package org.vigne.apps.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.ComponentPhase;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.node.AppsMessage.AppBeat;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.dht.Dht;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.raft.Role;

/**
 * The active half of the application managers whose group this node leads: the state machine
 * decides, the leader's driver acts on its decisions (paper, Fig. 3). For each manager led here it
 * runs {@link Placement} and {@link Watch}, writes the manager's snapshot to the snapshot DHT, and
 * removes a removed application's files. Everything it learns goes back into the manager's log as
 * commands, so a driver may die at any moment: the next leader's driver picks up from the
 * replicated state. One node clock drives every manager led here, and stops when there is none.
 */
final class ManagerDriver {
    /** Leader-only soft state of one manager. */
    private static final class Led {
        final ApplicationManager manager;
        final Placement placement;
        final Watch watch;
        final ViewNotices views = new ViewNotices();
        long snapshotVersion = -1;
        long snapshotAtMs = Long.MIN_VALUE / 2;
        boolean snapshotInFlight;
        boolean removalDone;

        Led(DriverContext ctx, ApplicationManager m, long now) {
            this.manager = m;
            this.placement = new Placement(ctx, m);
            this.watch = new Watch(ctx, m, now);
        }
    }

    private final DriverContext ctx;
    private final Dht snapshots;
    private final FileStore files;
    private final Map<GroupId, ApplicationManager> replicas = new LinkedHashMap<>();
    private final Map<GroupId, Led> led = new LinkedHashMap<>();
    private final Set<GroupId> dirty = new LinkedHashSet<>();
    private Timer tickTimer;
    private boolean examineScheduled;
    private boolean stopped;
    /** Whether hosts are told of view changes ({@link ViewNotices}): on real nodes, whose data service listens. */
    private boolean viewNotices;

    ManagerDriver(DriverContext ctx, Dht snapshots, FileStore files) {
        this.ctx = ctx;
        this.snapshots = snapshots;
        this.files = files;
    }

    // ---- the replicas hosted here -------------------------------------------------------------

    void replicaCreated(ApplicationManager m) {
        replicas.put(m.group(), m);
        ensureTicking();
    }

    void replicaStopped(ApplicationManager m) {
        if (replicas.remove(m.group(), m)) {
            led.remove(m.group());
        }
    }

    ApplicationManager replica(GroupId g) {
        return replicas.get(g);
    }

    /** The replica applied a command: if this node leads it, look at it soon. */
    void applied(ApplicationManager m) {
        ensureTicking();
        if (led.containsKey(m.group())) {
            dirty.add(m.group());
            if (!examineScheduled) {
                examineScheduled = true;
                ctx.env.schedule(0, this::examineDirty);
            }
        }
    }

    private void examineDirty() {
        examineScheduled = false;
        List<GroupId> todo = new ArrayList<>(dirty);
        dirty.clear();
        for (GroupId g : todo) {
            Led l = led.get(g);
            if (l != null) {
                examine(l, ctx.env.nowMs());
            }
        }
    }

    // ---- the node clock -----------------------------------------------------------------------

    private void ensureTicking() {
        if (tickTimer == null && !stopped) {
            tickTimer = ctx.env.schedule(ctx.config.driverTickMs(), this::tick);
        }
    }

    private void tick() {
        tickTimer = null;
        long now = ctx.env.nowMs();
        boolean active = false;
        for (ApplicationManager m : new ArrayList<>(replicas.values())) {
            GroupInfo info = ctx.gcs.info(m.group());
            boolean leader = info != null && info.role() == Role.LEADER && m.hasApplication();
            Led l = led.get(m.group());
            if (leader && l == null) {
                l = takeOver(m, now);
            } else if (!leader && l != null) {
                led.remove(m.group());
                l = null;
            }
            if (l != null) {
                examine(l, now);
                active |= needsDriving(l);
            }
            active |= m.hasApplication() && !m.state().isFinal();
        }
        if (active) {
            ensureTicking();
        }
    }

    private boolean needsDriving(Led l) {
        return !l.manager.state().isFinal() || l.snapshotVersion != l.manager.version() || l.snapshotInFlight
                || (l.manager.removed() && !l.removalDone);
    }

    private Led takeOver(ApplicationManager m, long now) {
        Led l = new Led(ctx, m, now);
        led.put(m.group(), l);
        ctx.counters.takeovers++;
        Set<NodeHandle> hosts = new LinkedHashSet<>();
        for (ApplicationManager.OnNode o : m.onNodes()) {
            hosts.add(o.node());
        }
        for (NodeHandle h : hosts) {
            ctx.env.send(h, new AppsMessage.ManagerHere(m.appId()));
        }
        catchUpWithSnapshot(m);
        return l;
    }

    /**
     * A new leader's state may be behind the last snapshot if its group lost its majority (the
     * survivors lacked the last commands): it then proposes the snapshot, which the manager takes
     * only if it is later in the same history.
     */
    private void catchUpWithSnapshot(ApplicationManager m) {
        String appId = m.appId();
        snapshots.get(SnapshotKeeper.snapshotKey(appId), r -> {
            if (r.ok() && ApplicationManager.versionOfSnapshot(r.value()) > m.version() && led.containsKey(m.group())) {
                ctx.submit(appId, new ManagerCommand.Restore(ctx.env.nowMs(), r.value(), "the manager's state was behind"
                        + " its last snapshot (its group lost a majority of its members)"), reply -> { });
            }
        });
    }

    /** From now on, tell the nodes of led applications' components when their view changes. */
    void sendViewNotices() {
        viewNotices = true;
    }

    private void examine(Led l, long now) {
        if (!l.manager.state().isFinal()) {
            l.placement.step(now);
            l.watch.check(now);
        }
        if (viewNotices) {
            ctx.counters.viewNotices += l.views.examine(l.manager, ctx);
        }
        snapshot(l, now);
    }

    /**
     * Writes the manager's snapshot when it moved: one write at a time, the next as soon as the
     * previous is acknowledged (at most every {@link AppsConfig#snapshotEveryMs()}; at once in a
     * final state). A failed write is retried at the next examination, never from its own
     * callback: the DHT fails some writes at once (a node leaving or not joined, too many
     * operations in flight), and retrying those at once looped forever at one instant.
     */
    private void snapshot(Led l, long now) {
        ApplicationManager m = l.manager;
        if (m.removed()) {
            if (!l.removalDone) {
                l.removalDone = true;
                snapshots.remove(SnapshotKeeper.snapshotKey(m.appId()), r -> { });
                files.removeApplication(m.appId(), r -> { });
            }
            return;
        }
        long version = m.version();
        if (l.snapshotInFlight || version == l.snapshotVersion
                || (!m.state().isFinal() && now - l.snapshotAtMs < ctx.config.snapshotEveryMs())) {
            return;
        }
        l.snapshotInFlight = true;
        l.snapshotAtMs = now;
        snapshots.put(SnapshotKeeper.snapshotKey(m.appId()), m.snapshot(), r -> {
            l.snapshotInFlight = false;
            if (r.ok()) {
                l.snapshotVersion = version;
                ctx.counters.snapshotsWritten++;
            }
            if (r.ok() && led.get(m.group()) == l && m.version() != l.snapshotVersion) {
                snapshot(l, ctx.env.nowMs());
            }
        });
    }

    // ---- what hosts and the overlay say ------------------------------------------------------

    /** Beats from {@code host}; the answer says which of their applications this node leads. */
    void onBeats(NodeHandle host, List<AppBeat> beats) {
        List<String> ledHere = new ArrayList<>();
        List<String> notLed = new ArrayList<>();
        List<AppBeat> resend = new ArrayList<>();
        for (AppBeat b : beats) {
            Led l = ledFor(b.appId());
            if (l != null) {
                List<Long> again = l.watch.onBeat(host, b, ctx.env.nowMs());
                if (!again.isEmpty()) {
                    resend.add(new AppBeat(b.appId(), again, List.of()));
                }
                ledHere.add(b.appId());
            } else {
                notLed.add(b.appId());
            }
        }
        ctx.env.send(host, new AppsMessage.BeatAck(ledHere, notLed, resend));
    }

    /** A beat routed to a manager's key: handled here if this node leads it, else passed to the leader it knows. */
    void onRoutedBeat(AppsMessage.RoutedBeat rb) {
        if (rb.beat() == null || rb.origin() == null) {
            return;
        }
        Led l = ledFor(rb.beat().appId());
        if (l != null) {
            onBeats(rb.origin(), List.of(rb.beat()));
            return;
        }
        GroupId g = ApplicationManager.groupOf(rb.beat().appId());
        GroupInfo info = ctx.gcs.info(g);
        if (info != null && info.leader() != null && !info.leader().equals(ctx.env.self()) && rb.forwards() < 3) {
            ctx.env.send(info.leader(), new AppsMessage.RoutedBeat(rb.key(), rb.beat(), rb.origin(), rb.forwards() + 1));
        }
    }

    void onGranted(AppsMessage.SlotGranted g) {
        Led l = ledFor(g.appId());
        if (l != null) {
            l.placement.onGranted(g);
        } else if (g.node() != null) {
            ctx.env.send(g.node(), new AppsMessage.SlotRelease(g.appId(), g.component(), g.incarnation()));
        }
    }

    void departed(NodeHandle node) {
        for (Led l : new ArrayList<>(led.values())) {
            l.watch.departed(node);
        }
    }

    private Led ledFor(String appId) {
        if (appId == null || !org.vigne.apps.spec.Names.isAppId(appId)) {
            return null;
        }
        return led.get(ApplicationManager.groupOf(appId));
    }

    /** Managers led here, and how many of their components are placed or running (for tools). */
    int ledCount() {
        return led.size();
    }

    List<String> ledApplications() {
        List<String> out = new ArrayList<>();
        for (Led l : led.values()) {
            out.add(l.manager.appId());
        }
        out.sort(null);
        return out;
    }

    int runningComponentsLed() {
        int n = 0;
        for (Led l : led.values()) {
            for (ApplicationManager.OnNode o : l.manager.onNodes()) {
                n += o.phase() == ComponentPhase.RUNNING ? 1 : 0;
            }
        }
        return n;
    }

    void stop() {
        stopped = true;
        if (tickTimer != null) {
            tickTimer.cancel();
        }
    }
}
