package org.vigne.apps.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigne.apps.exec.Executor;
import org.vigne.apps.exec.ExecutorListener;
import org.vigne.apps.exec.ExitStatus;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.exec.Outputs;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.EndKind;
import org.vigne.apps.manager.HostOrder;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerReply;
import org.vigne.apps.node.AppsMessage.AppBeat;
import org.vigne.core.Env;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.KeyBasedRouting;

/**
 * A node's host agent, between application managers and the node's {@link Executor}: it offers
 * the node's slots (reservations with a lease), turns launch and stop orders into executor calls
 * (dropping duplicate launches, fencing older incarnations of a component), stores checkpoints
 * and outputs in the files DHT, reports every start, checkpoint and end to the manager until it
 * is acknowledged, and beats for its instances to their managers, one message per manager node.
 */
final class HostAgent implements ExecutorListener {
    /** Instances remembered after their end, so that a late duplicate launch is dropped. */
    private static final int FINISHED_MEMORY = 4096;
    /** Beats in a row without an answer after which a manager node is no longer believed to lead. */
    private static final int SILENT_BEATS = 3;
    /**
     * How long an instance's acknowledged end report is kept and its end announced in beats, so a
     * manager rebuilt without it (majority loss, snapshot) can ask for it again.
     */
    private static final long KEEP_ENDED_MS = 10 * 60_000;

    private enum Phase { FETCHING, RUNNING, ENDED }

    private static final class Hosted {
        final InstanceId id;
        final int slots;
        Phase phase = Phase.FETCHING;
        int exitCode = -1;
        ManagerCommand.Ended endReport;
        /** The manager accepted {@link #endReport}: if it must be sent again, it says so. */
        boolean endAccepted;

        Hosted(InstanceId id, int slots) {
            this.id = id;
            this.slots = slots;
        }
    }

    private record Reservation(int slots, long expiresMs) {
    }

    private record Kept(ManagerCommand.Ended report, long untilMs) {
    }

    private final Env env;
    private final AppsConfig config;
    private final Executor executor;
    private final FileStore files;
    private final Reports reports;
    private final KeyBasedRouting overlay;
    private final Map<InstanceId, Reservation> reservations = new LinkedHashMap<>();
    private final Map<InstanceId, Hosted> hosted = new TreeMap<>();
    private final LinkedHashSet<InstanceId> finished = new LinkedHashSet<>();
    private final Map<InstanceId, Kept> kept = new TreeMap<>();
    private final Map<String, NodeHandle> managers = new HashMap<>();
    private final Map<NodeHandle, Integer> unanswered = new HashMap<>();
    private final Launcher launcher;
    final HostCounters counters = new HostCounters();

    HostAgent(Env env, AppsConfig config, Executor executor, FileStore files, Reports.Channel channel,
              KeyBasedRouting overlay) {
        this.env = env;
        this.config = config;
        this.executor = executor;
        this.files = files;
        this.overlay = overlay;
        this.reports = new Reports(env, channel, config.reportRetryMs());
        this.launcher = new Launcher(files, executor);
        executor.setListener(this);
    }

    // ---- slots ------------------------------------------------------------------------------

    /** Slots neither reserved (lease running) nor taken by an instance that has not ended. */
    int freeSlots() {
        long now = env.nowMs();
        int used = 0;
        Iterator<Reservation> it = reservations.values().iterator();
        while (it.hasNext()) {
            Reservation r = it.next();
            if (r.expiresMs() <= now) {
                it.remove();
                counters.leasesExpired++;
            } else {
                used += r.slots();
            }
        }
        for (Hosted h : hosted.values()) {
            used += h.phase == Phase.ENDED ? 0 : h.slots;
        }
        return config.slots() - used;
    }

    /** A manager asks for slots: reserve them and answer, or pass a routed request to a few neighbours. */
    void onSlotRequest(AppsMessage.SlotRequest r) {
        InstanceId id = instance(r.appId(), r.component(), r.incarnation());
        if (id == null || r.asker() == null || r.slots() < 1) {
            counters.malformed++;
            return;
        }
        boolean known = hosted.containsKey(id) || reservations.containsKey(id);
        if (!known && !finished.contains(id) && freeSlots() >= r.slots()) {
            reservations.put(id, new Reservation(r.slots(), env.nowMs() + Math.min(r.leaseMs(), config.leaseMs())));
            counters.reservations++;
            known = true;
        }
        if (known) {
            managers.put(id.appId(), r.asker());
            env.send(r.asker(), new AppsMessage.SlotGranted(r.requestId(), r.appId(), r.component(), r.incarnation(),
                    env.self()));
        } else if (r.hops() == 0) {
            List<NodeHandle> leaves = overlay.leafSetMembers();
            int half = leaves.size() / 2;
            int perSide = Math.max(1, config.neighbourFanout() / 2);
            AppsMessage.SlotRequest passed = new AppsMessage.SlotRequest(r.requestId(), r.appId(), r.component(),
                    r.incarnation(), r.slots(), r.asker(), r.leaseMs(), 1);
            for (int i = 0; i < perSide && config.neighbourFanout() > 0; i++) {
                if (i < half) {
                    env.send(leaves.get(i), passed);
                }
                if (half + i < leaves.size()) {
                    env.send(leaves.get(half + i), passed);
                }
            }
        }
    }

    void onSlotRelease(AppsMessage.SlotRelease r) {
        InstanceId id = instance(r.appId(), r.component(), r.incarnation());
        if (id != null && reservations.remove(id) != null) {
            counters.released++;
        }
    }

    // ---- orders -----------------------------------------------------------------------------

    void onOrder(HostOrder o) {
        if (o instanceof HostOrder.Launch l) {
            launch(l);
        } else {
            stop(o.instance(), ((HostOrder.Stop) o).reason());
        }
    }

    private void launch(HostOrder.Launch l) {
        InstanceId id = l.instance();
        if (finished.contains(id) || hosted.containsKey(id)) {
            counters.duplicateLaunches++;
            return;
        }
        for (Hosted h : new ArrayList<>(hosted.values())) {
            if (h.id.sameComponent(id) && h.id.incarnation() > id.incarnation()) {
                counters.staleLaunches++;
                remember(id);
                return;
            }
        }
        for (Hosted h : new ArrayList<>(hosted.values())) {
            if (h.id.sameComponent(id)) {
                stop(h.id, "superseded by incarnation " + id.incarnation());
            }
        }
        reservations.remove(id);
        counters.launches++;
        Launcher.Plan plan = Launcher.plan(l);
        if (plan.problem() != null) {
            Hosted h = new Hosted(id, 0);
            h.phase = Phase.ENDED;
            hosted.put(id, h);
            end(id, EndKind.FAILED_TO_START, -1, plan.problem(), "", "");
            return;
        }
        Hosted h = new Hosted(id, plan.component().slots());
        hosted.put(id, h);
        launcher.fetchAndLaunch(l, plan, (kind, problem) -> {
            if (hosted.get(id) != h || h.phase != Phase.FETCHING) {
                return false;
            }
            if (kind != null) {
                h.phase = Phase.ENDED;
                end(id, kind, -1, problem, "", "");
                return false;
            }
            h.phase = Phase.RUNNING;
            return true;
        });
    }

    private void stop(InstanceId id, String reason) {
        reservations.remove(id);
        kept.remove(id);
        Hosted h = hosted.get(id);
        if (h == null) {
            remember(id);
            return;
        }
        counters.stops++;
        if (h.phase == Phase.FETCHING) {
            h.phase = Phase.ENDED;
            hosted.remove(id);
            remember(id);
        } else if (h.phase == Phase.RUNNING) {
            executor.kill(id);
        }
    }

    // ---- the executor's reports ---------------------------------------------------------------

    @Override
    public void started(InstanceId id) {
        if (hosted.containsKey(id)) {
            reports.add(id, new ManagerCommand.Started(env.nowMs(), id.component(), id.incarnation(), env.self()));
        }
    }

    @Override
    public void failedToStart(InstanceId id, String reason) {
        Hosted h = hosted.get(id);
        if (h != null) {
            h.phase = Phase.ENDED;
            end(id, EndKind.FAILED_TO_START, -1, reason, "", "");
        }
    }

    @Override
    public void checkpointed(InstanceId id, int sequence, FileSet checkpoint) {
        if (!hosted.containsKey(id)) {
            return;
        }
        Reports.Report r = reports.reserve(id);
        String path = "ckpt/c" + id.component() + ".i" + id.incarnation() + "." + sequence;
        files.putFiles(new FileName(id.appId(), path), checkpoint, res -> {
            if (res.ok()) {
                r.ready(new ManagerCommand.Checkpointed(env.nowMs(), id.component(), id.incarnation(), env.self(),
                        sequence, path));
            } else {
                counters.storeFailures++;
                r.drop();
            }
            reports.pump(id);
        });
    }

    @Override
    public void exited(InstanceId id, ExitStatus status) {
        Hosted h = hosted.get(id);
        if (h == null) {
            return;
        }
        h.phase = Phase.ENDED;
        if (status.kind() == ExitStatus.Kind.EXITED) {
            h.exitCode = status.code();
        } else {
            end(id, status.kind() == ExitStatus.Kind.KILLED ? EndKind.KILLED : EndKind.FAILED, -1, status.detail(),
                    "", "");
        }
    }

    @Override
    public void outputsReady(InstanceId id, Outputs outputs) {
        Hosted h = hosted.get(id);
        if (h == null) {
            return;
        }
        Reports.Report r = reports.reserve(id);
        reports.afterLast(id, () -> forget(id));
        new OutputStore(files, id, h.exitCode, outputs, env.self(), env::nowMs, command -> {
            if (command.kind() == EndKind.NODE_PROBLEM) {
                counters.storeFailures++;
            }
            h.endReport = command;
            r.ready(command);
            r.onAnswer = answer -> noteAnswer(h, answer);
            reports.pump(id);
        }).start();
    }

    /** The instance's last report; once acknowledged the instance is forgotten. */
    private void end(InstanceId id, EndKind kind, int code, String detail, String outputs, String logs) {
        ManagerCommand.Ended report = new ManagerCommand.Ended(env.nowMs(), id.component(), id.incarnation(), env.self(),
                kind, code, detail, outputs, logs);
        Hosted h = hosted.get(id);
        if (h != null) {
            h.endReport = report;
        }
        Reports.Report r = reports.add(id, report);
        if (h != null) {
            r.onAnswer = answer -> noteAnswer(h, answer);
        }
        reports.afterLast(id, () -> forget(id));
    }

    /** The manager answered {@code h}'s end report: remember whether it accepted it. */
    private static void noteAnswer(Hosted h, byte[] answer) {
        try {
            h.endAccepted |= ManagerReply.decode(answer).code() == ManagerReply.Code.ACCEPTED;
        } catch (IllegalArgumentException e) {
            // An answer that does not decode says nothing: the report stays unaccepted.
        }
    }

    private void forget(InstanceId id) {
        Hosted h = hosted.remove(id);
        if (h != null && h.endReport != null) {
            kept.put(id, new Kept(h.endAccepted ? h.endReport.accepted() : h.endReport, env.nowMs() + KEEP_ENDED_MS));
        }
        remember(id);
        executor.discard(id);
    }

    private void remember(InstanceId id) {
        finished.add(id);
        if (finished.size() > FINISHED_MEMORY) {
            Iterator<InstanceId> it = finished.iterator();
            it.next();
            it.remove();
        }
    }

    // ---- logs -------------------------------------------------------------------------------

    /** Largest log chunk sent in one message. */
    static final int MAX_LOG_CHUNK = 64 * 1024;

    /** A user follows an instance's logs: send what the executor has from the asked offset. */
    void onLogRead(NodeHandle from, AppsMessage.LogRead r) {
        InstanceId id = instance(r.appId(), r.component(), r.incarnation());
        if (id == null || r.offset() < 0) {
            counters.malformed++;
            return;
        }
        executor.readLog(id, r.stderr(), r.offset(), Math.max(0, Math.min(r.maxBytes(), MAX_LOG_CHUNK)), data -> {
            Hosted h = hosted.get(id);
            boolean running = h != null && h.phase != Phase.ENDED;
            env.send(from, new AppsMessage.LogChunk(r.requestId(), data != null, running,
                    data == null ? new byte[0] : data));
        });
    }

    // ---- heartbeats -------------------------------------------------------------------------

    /** One period: a beat per manager node for the instances hosted or recently ended here; routed beats where none is known. */
    void beat() {
        Map<String, List<Long>> running = new TreeMap<>();
        Map<String, List<Long>> ended = new TreeMap<>();
        for (Hosted h : hosted.values()) {
            running.computeIfAbsent(h.id.appId(), k -> new ArrayList<>()).add(AppBeat.pack(h.id.component(),
                    h.id.incarnation()));
        }
        kept.values().removeIf(k -> k.untilMs() <= env.nowMs());
        for (InstanceId id : kept.keySet()) {
            ended.computeIfAbsent(id.appId(), k -> new ArrayList<>()).add(AppBeat.pack(id.component(), id.incarnation()));
            running.computeIfAbsent(id.appId(), k -> new ArrayList<>());
        }
        managers.keySet().retainAll(running.keySet());
        Map<NodeHandle, List<AppBeat>> byManager = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : running.entrySet()) {
            AppBeat b = new AppBeat(e.getKey(), e.getValue(), ended.getOrDefault(e.getKey(), List.of()));
            NodeHandle m = managers.get(e.getKey());
            if (m != null) {
                byManager.computeIfAbsent(m, k -> new ArrayList<>()).add(b);
            } else {
                counters.routedBeats++;
                overlay.route(ApplicationManager.groupOf(e.getKey()).key(),
                        new AppsMessage.RoutedBeat(ApplicationManager.groupOf(e.getKey()).key(), b, env.self(), 0));
            }
        }
        for (Map.Entry<NodeHandle, List<AppBeat>> e : byManager.entrySet()) {
            int silent = unanswered.merge(e.getKey(), 1, Integer::sum);
            if (silent > SILENT_BEATS) {
                managers.values().removeIf(e.getKey()::equals);
                unanswered.remove(e.getKey());
            }
            counters.beats++;
            env.send(e.getKey(), new AppsMessage.Beats(e.getValue()));
        }
        unanswered.keySet().retainAll(byManager.keySet());
    }

    /** True when the node has something to beat for: instances hosted, or ended ones whose report it keeps. */
    boolean hasSomethingToBeatFor() {
        return !hosted.isEmpty() || !kept.isEmpty();
    }

    void onBeatAck(NodeHandle from, AppsMessage.BeatAck ack) {
        unanswered.remove(from);
        for (String app : ack.led()) {
            managers.put(app, from);
        }
        for (String app : ack.notLed()) {
            managers.remove(app, from);
        }
        for (AppBeat b : ack.resend()) {
            for (long packed : b.instances()) {
                InstanceId id = instance(b.appId(), AppBeat.component(packed), AppBeat.incarnation(packed));
                Kept k = id == null ? null : kept.get(id);
                if (k != null && !reports.owes(id)) {
                    counters.reportsResent++;
                    reports.add(id, k.report());
                }
            }
        }
    }

    void onManagerHere(NodeHandle from, String appId) {
        managers.put(appId, from);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static InstanceId instance(String appId, int component, int incarnation) {
        try {
            return new InstanceId(appId, component, incarnation);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Instances this node hosts (launched and not yet forgotten), sorted. */
    List<InstanceId> hosted() {
        return new ArrayList<>(hosted.keySet());
    }

    int pendingReports() {
        return reports.pendingInstances();
    }

    long reportRetries() {
        return reports.retries();
    }
}
