package org.vigne.apps.manager;

import java.util.ArrayList;
import java.util.List;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.ManagerCommand.Checkpointed;
import org.vigne.apps.manager.ManagerCommand.Ended;
import org.vigne.apps.manager.ManagerCommand.Kill;
import org.vigne.apps.manager.ManagerCommand.Placed;
import org.vigne.apps.manager.ManagerCommand.Query;
import org.vigne.apps.manager.ManagerCommand.Remove;
import org.vigne.apps.manager.ManagerCommand.Restore;
import org.vigne.apps.manager.ManagerCommand.Started;
import org.vigne.apps.manager.ManagerCommand.Submit;
import org.vigne.apps.manager.ManagerCommand.Suspect;
import org.vigne.apps.manager.ManagerCommand.Unplaced;
import org.vigne.apps.manager.ManagerEvent.Type;
import org.vigne.apps.manager.ManagerReply.Code;
import org.vigne.apps.spec.InputFile;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupOutput;
import org.vigne.gcs.GroupStateMachine;

/**
 * An application manager (paper, Sect. 5): the deterministic state machine that every replica of
 * the application's group runs, at key SHA-1(app id) of the application-manager DHT. Every input
 * is a {@link ManagerCommand} of the group's log, including the suspicions of failure detectors,
 * so every replica takes the same decisions; what it tells nodes goes out as {@link HostOrder}
 * outputs, sent by the leader.
 *
 * <p><b>Fencing.</b> Each component has one current incarnation. A report (start, checkpoint,
 * end) of another incarnation, or from a node that does not run the current one, is ignored,
 * and a live stale instance is told to stop; a suspicion of an incarnation that already moved on
 * is ignored. So only the current incarnation's outputs are ever committed, and a component
 * completes at most once.
 *
 * <p><b>Time.</b> The manager's clock is the largest stamp of the commands it applied, never the
 * node's clock: events and backoff deadlines are identical on every replica.
 *
 * <p>The state machine decides; the node-side driver of the leader acts (placement, heartbeat
 * watching, snapshots) by reading it through the accessors below and submitting commands.
 */
public final class ApplicationManager implements GroupStateMachine {
    /** The group kind and DHT of application managers. */
    public static final String KIND = "app-manager";
    /** Replicas of each manager by default. */
    public static final int DEFAULT_REPLICAS = 5;

    /** A pending component, for the leader's placement. */
    public record Pending(int component, int incarnation, int slots, long notBeforeMs) {
    }

    /** A component placed on a node or running there, for the leader's failure detection. */
    public record OnNode(int component, int incarnation, NodeHandle node, long placedAtMs, ComponentPhase phase) {
    }

    private final GroupId group;
    private final ManagerHooks hooks;
    private ManagerState s;
    private Policies policies;
    private final List<GroupOutput> outputs = new ArrayList<>();
    private final List<ManagerEvent> fresh = new ArrayList<>();
    private long now;

    public ApplicationManager(GroupId group, ManagerHooks hooks) {
        this.group = group;
        this.hooks = hooks == null ? ManagerHooks.NONE : hooks;
    }

    /** The group of application {@code appId}. */
    public static GroupId groupOf(String appId) {
        return new GroupId(KIND, Id.sha1(appId));
    }

    // ---- applying ----------------------------------------------------------------------------

    @Override
    public Applied apply(long index, byte[] command) {
        outputs.clear();
        fresh.clear();
        ManagerCommand c;
        try {
            c = CommandCodec.decode(command);
        } catch (IllegalArgumentException e) {
            return Applied.of(ManagerReply.of(Code.MALFORMED, e.getMessage()).encode());
        }
        ManagerReply reply = handle(c);
        if (s != null && reply.accepted() && !(c instanceof Query)) {
            s.version++;
        }
        hooks.applied(this, index, c, List.copyOf(fresh));
        return new Applied(reply.encode(), List.copyOf(outputs));
    }

    private ManagerReply handle(ManagerCommand c) {
        if (c instanceof Submit sub) {
            return submit(sub);
        }
        if (c instanceof Restore r) {
            return restoreFrom(r);
        }
        if (s == null) {
            return ManagerReply.of(Code.UNKNOWN_APPLICATION, "no application here");
        }
        now = Math.max(s.clockMs, c.timeMs());
        s.clockMs = now;
        if (c instanceof Query) {
            return new ManagerReply(Code.ACCEPTED, "", s.status());
        }
        if (c instanceof Kill k) {
            return kill(k);
        }
        if (c instanceof Remove) {
            return remove();
        }
        if (s.state.isFinal()) {
            return ManagerReply.of(Code.IGNORED, "application is " + s.state.spelling());
        }
        ManagerReply r;
        if (c instanceof Placed p) {
            r = placed(p);
        } else if (c instanceof Unplaced u) {
            r = unplaced(u);
        } else if (c instanceof Started st) {
            r = started(st);
        } else if (c instanceof Checkpointed k) {
            r = checkpointed(k);
        } else if (c instanceof Ended e) {
            r = ended(e);
        } else {
            r = suspect((Suspect) c);
        }
        updateState();
        return r;
    }

    private ManagerReply submit(Submit c) {
        if (s != null) {
            return s.appId.equals(c.appId()) ? ManagerReply.of(Code.IGNORED, "already submitted")
                    : ManagerReply.of(Code.REFUSED, "this manager holds application " + s.appId);
        }
        ManagerState fresh;
        try {
            fresh = new ManagerState(c.appId(), c.spec(), c.inputs(), c.submitter());
        } catch (IllegalArgumentException e) {
            return ManagerReply.of(Code.REFUSED, "bad spec: " + e.getMessage());
        }
        for (int i = 0; i < fresh.components.length; i++) {
            for (InputFile in : fresh.spec.components().get(i).inputs()) {
                if (!c.inputs().containsKey(in.source())) {
                    return ManagerReply.of(Code.REFUSED, "input " + in.source() + " of component " + i
                            + " was not uploaded");
                }
            }
        }
        s = fresh;
        policies = new Policies(s.spec.policy());
        now = c.timeMs();
        s.clockMs = now;
        s.submittedAtMs = now;
        log(Type.SUBMITTED, -1, -1, null, s.components.length + " component" + (s.components.length == 1 ? "" : "s")
                + ", policy " + s.spec.policy().type());
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply restoreFrom(Restore r) {
        if (s != null) {
            return ManagerReply.of(Code.IGNORED, "manager already holds application " + s.appId);
        }
        try {
            restore(r.snapshot());
        } catch (IllegalArgumentException e) {
            return ManagerReply.of(Code.REFUSED, "bad snapshot: " + e.getMessage());
        }
        if (s == null) {
            return ManagerReply.of(Code.REFUSED, "empty snapshot");
        }
        now = Math.max(s.clockMs, r.timeMs());
        s.clockMs = now;
        s.rebuilds++;
        log(Type.REBUILT, -1, -1, null, r.reason());
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    // ---- placement and reports -----------------------------------------------------------------

    private ManagerReply placed(Placed p) {
        ComponentRecord c = component(p.component());
        if (c == null || c.phase != ComponentPhase.PENDING || c.incarnation != p.incarnation() || p.node() == null) {
            return ManagerReply.of(Code.IGNORED, "not pending as incarnation " + p.incarnation());
        }
        s.placementStarted = true;
        c.phase = ComponentPhase.PLACED;
        c.node = p.node();
        c.placedAtMs = now;
        c.startedAtMs = -1;
        log(Type.PLACED, c.index, c.incarnation, c.node, c.restoreFrom.isEmpty() ? ""
                : "restores checkpoint " + c.restoreNumber);
        order(c.node, new HostOrder.Launch(c.instance(s.appId), s.specBytes, s.inputs, c.restoreFrom));
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply unplaced(Unplaced u) {
        s.placementStarted = true;
        if (!u.reason().equals(s.reason)) {
            s.reason = u.reason();
            log(Type.PENDING, -1, -1, null, u.reason());
        }
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    /** The current incarnation of the reported component, on the reporting node, or null (stale). */
    private ComponentRecord current(int component, int incarnation, NodeHandle node) {
        ComponentRecord c = component(component);
        if (c == null || c.incarnation != incarnation || !c.phase.onNode() || node == null
                || !node.equals(c.node)) {
            return null;
        }
        return c;
    }

    /** A live instance reported that is not current: tell its node to stop it. */
    private ManagerReply stale(int component, int incarnation, NodeHandle node) {
        if (node != null && component >= 0 && component < s.components.length) {
            order(node, new HostOrder.Stop(new InstanceId(s.appId, component, incarnation), "incarnation is stale"));
        }
        return ManagerReply.of(Code.IGNORED, "stale incarnation");
    }

    private ManagerReply started(Started st) {
        ComponentRecord c = current(st.component(), st.incarnation(), st.node());
        if (c == null) {
            return stale(st.component(), st.incarnation(), st.node());
        }
        if (c.phase == ComponentPhase.RUNNING) {
            return ManagerReply.of(Code.IGNORED, "already started");
        }
        c.phase = ComponentPhase.RUNNING;
        c.startedAtMs = now;
        log(Type.STARTED, c.index, c.incarnation, c.node, c.restoreFrom.isEmpty() ? ""
                : "from checkpoint " + c.restoreNumber);
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply checkpointed(Checkpointed k) {
        ComponentRecord c = current(k.component(), k.incarnation(), k.node());
        if (c == null) {
            return stale(k.component(), k.incarnation(), k.node());
        }
        if (c.phase == ComponentPhase.PLACED) {
            c.phase = ComponentPhase.RUNNING;
            c.startedAtMs = now;
        }
        c.checkpoints++;
        c.checkpointPaths.put(c.checkpoints, k.path());
        log(Type.CHECKPOINTED, c.index, c.incarnation, c.node, "checkpoint " + c.checkpoints);
        commitRounds();
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    /**
     * A coordinated round k is committed once every unfinished component has committed its k-th
     * checkpoint; paths older than the committed round are forgotten (a component keeps its last).
     */
    private void commitRounds() {
        int round = Integer.MAX_VALUE;
        for (ComponentRecord c : s.unfinished()) {
            round = Math.min(round, c.checkpoints);
        }
        if (round != Integer.MAX_VALUE && round > s.committedRound) {
            s.committedRound = round;
            if (s.components.length > 1) {
                log(Type.ROUND_COMMITTED, -1, -1, null, "round " + round);
            }
        }
        for (ComponentRecord c : s.components) {
            c.checkpointPaths.headMap(Math.min(s.committedRound, c.checkpoints)).clear();
        }
    }

    private ManagerReply ended(Ended e) {
        ComponentRecord c = current(e.component(), e.incarnation(), e.node());
        if (c == null) {
            return ManagerReply.of(Code.IGNORED, "stale incarnation");
        }
        c.exitCode = e.code();
        c.logs = e.logs();
        if (e.kind() == EndKind.EXITED && e.code() == 0) {
            c.phase = ComponentPhase.DONE;
            c.outputs = e.outputs();
            c.problem = "";
            log(Type.COMPLETED, c.index, c.incarnation, c.node, e.outputs().isEmpty() ? "" : "outputs " + e.outputs());
            commitRounds();
            return ManagerReply.of(Code.ACCEPTED, "");
        }
        String detail = switch (e.kind()) {
            case EXITED -> "exited with code " + e.code() + (e.detail().isEmpty() ? "" : ": " + e.detail());
            case OUTPUTS_REFUSED -> "outputs refused: " + e.detail();
            case KILLED -> "killed on its node";
            default -> e.detail();
        };
        log(e.kind() == EndKind.FAILED_TO_START ? Type.FAILED_TO_START : Type.EXITED, c.index, c.incarnation, c.node,
                detail);
        Failure.Cause cause = e.kind() == EndKind.NODE_PROBLEM || e.kind() == EndKind.KILLED ? Failure.Cause.NODE
                : Failure.Cause.COMPONENT;
        fail(c, cause, detail, e.code());
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply suspect(Suspect p) {
        ComponentRecord c = current(p.component(), p.incarnation(), p.node());
        if (c == null) {
            return ManagerReply.of(Code.IGNORED, "not the current incarnation on that node");
        }
        log(Type.SUSPECTED, c.index, c.incarnation, c.node, p.reason());
        order(c.node, new HostOrder.Stop(c.instance(s.appId), "its node was suspected: " + p.reason()));
        fail(c, Failure.Cause.NODE, "node " + c.node.address() + " suspected: " + p.reason(), -1);
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    // ---- the user ---------------------------------------------------------------------------

    private ManagerReply kill(Kill k) {
        if (s.state.isFinal()) {
            return new ManagerReply(Code.IGNORED, "application is already " + s.state.spelling(), s.status());
        }
        stopAll(null, "application killed");
        finish(AppState.KILLED, k.reason().isEmpty() ? "killed by the user" : k.reason());
        log(Type.KILLED, -1, -1, null, s.reason);
        return new ManagerReply(Code.ACCEPTED, "", s.status());
    }

    private ManagerReply remove() {
        if (!s.state.isFinal()) {
            return ManagerReply.of(Code.REFUSED, "application is " + s.state.spelling() + ": kill it first");
        }
        if (s.removed) {
            return ManagerReply.of(Code.IGNORED, "already removed");
        }
        s.removed = true;
        log(Type.REMOVED, -1, -1, null, "");
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    // ---- failures and the policy ------------------------------------------------------------

    private void fail(ComponentRecord c, Failure.Cause cause, String detail, int exitCode) {
        c.problem = detail;
        boolean app = policies.applicationScope();
        int count = cause == Failure.Cause.COMPONENT ? (app ? s.appRestarts : c.restarts) + 1
                : (app ? s.appNodeLosses : c.nodeLosses) + 1;
        Failure f = new Failure(s.appId, c.index, s.components.length, c.incarnation, cause, detail, exitCode,
                c.restarts, c.nodeLosses, c.checkpoints, policies.parameters());
        Decision d = policies.decide(f, count);
        if (d instanceof Decision.Fail x) {
            c.phase = ComponentPhase.FAILED;
            stopAll(c, "application failed");
            finish(AppState.FAILED, "component " + name(c) + ": " + x.reason());
            log(Type.FAILED, -1, -1, null, s.reason);
        } else if (d instanceof Decision.Abandon x) {
            c.phase = ComponentPhase.ABANDONED;
            log(Type.EXITED, c.index, c.incarnation, c.node, "abandoned by the policy: " + x.reason());
            commitRounds();
        } else if (d instanceof Decision.RestartComponent x) {
            count(c, cause, false);
            restart(c, x.backoffMs(), x.fromCheckpoint() ? c.checkpoints : 0, detail);
        } else {
            Decision.RestartApplication x = (Decision.RestartApplication) d;
            count(c, cause, true);
            restartApplication(c, x, detail);
        }
    }

    private void count(ComponentRecord c, Failure.Cause cause, boolean app) {
        if (cause == Failure.Cause.COMPONENT) {
            c.restarts++;
            s.appRestarts += app ? 1 : 0;
        } else {
            c.nodeLosses++;
            s.appNodeLosses += app ? 1 : 0;
        }
    }

    /** Every unfinished component starts again from the last committed round (or from zero). */
    private void restartApplication(ComponentRecord failed, Decision.RestartApplication x, String why) {
        int round = x.fromCheckpoint() ? s.committedRound : 0;
        log(Type.RESTARTED, -1, -1, null, "application restarts " + (round > 0 ? "from round " + round : "from zero")
                + " after component " + name(failed) + ": " + why);
        for (ComponentRecord c : s.unfinished()) {
            if (c != failed && c.phase.onNode()) {
                order(c.node, new HostOrder.Stop(c.instance(s.appId), "application restarts"));
            }
            restart(c, x.backoffMs(), round, why);
        }
    }

    /** The component's next incarnation waits for a node, restoring checkpoint {@code number} (0: from zero). */
    private void restart(ComponentRecord c, long backoffMs, int number, String why) {
        String path = number > 0 ? c.checkpointPaths.getOrDefault(number, "") : "";
        if (path.isEmpty()) {
            number = 0;
        }
        c.checkpoints = number;
        c.checkpointPaths.tailMap(number, false).clear();
        c.restoreFrom = path;
        c.restoreNumber = number;
        c.incarnation++;
        c.phase = ComponentPhase.PENDING;
        c.node = null;
        c.placedAtMs = -1;
        c.startedAtMs = -1;
        c.notBeforeMs = now + backoffMs;
        s.restartsTotal++;
        log(Type.RESTARTED, c.index, c.incarnation, null, (number > 0 ? "from checkpoint " + number : "from zero")
                + (backoffMs > 0 ? " after a backoff of " + backoffMs + " ms" : "") + " (" + why + ")");
        commitRounds();
    }

    /** Stops every instance on a node but {@code except}'s, and ends every unfinished component. */
    private void stopAll(ComponentRecord except, String why) {
        for (ComponentRecord c : s.components) {
            if (c == except || c.phase.isFinal()) {
                continue;
            }
            if (c.phase.onNode()) {
                order(c.node, new HostOrder.Stop(c.instance(s.appId), why));
            }
            c.phase = ComponentPhase.KILLED;
        }
    }

    private void finish(AppState to, String reason) {
        s.state = s.state.moveTo(to);
        s.reason = reason;
        s.finishedAtMs = now;
    }

    /** Moves the application to the state its components imply (an illegal move throws). */
    private void updateState() {
        if (s.state.isFinal()) {
            return;
        }
        boolean pending = false;
        boolean allFinal = true;
        boolean roundOpen = false;
        for (ComponentRecord c : s.components) {
            pending |= c.phase == ComponentPhase.PENDING;
            allFinal &= c.phase.isFinal();
            roundOpen |= !c.phase.isFinal() && c.checkpoints > s.committedRound;
        }
        if (allFinal) {
            finish(AppState.COMPLETED, "");
            log(Type.APP_COMPLETED, -1, -1, null, "");
            return;
        }
        if (!pending && !s.reason.isEmpty()) {
            s.reason = "";
        }
        AppState to = pending ? (s.placementStarted ? AppState.PLACING : AppState.SUBMITTED)
                : roundOpen && s.components.length > 1 ? AppState.CHECKPOINTING : AppState.RUNNING;
        s.state = s.state.moveTo(to);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private ComponentRecord component(int index) {
        return index >= 0 && index < s.components.length ? s.components[index] : null;
    }

    private String name(ComponentRecord c) {
        return s.spec.components().get(c.index).name();
    }

    private void order(NodeHandle to, HostOrder o) {
        outputs.add(new GroupOutput(to, HostOrder.encode(o)));
    }

    private void log(Type type, int component, int incarnation, NodeHandle node, String detail) {
        ManagerEvent e = new ManagerEvent(now, type, component, incarnation, node == null ? "" : node.address(), detail);
        s.log(e);
        fresh.add(e);
    }

    // ---- group communication ----------------------------------------------------------------

    @Override
    public byte[] snapshot() {
        return s == null ? new byte[0] : s.encode();
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot.length == 0) {
            s = null;
            policies = null;
            return;
        }
        ManagerState restored = ManagerState.decode(snapshot);
        s = restored;
        policies = new Policies(s.spec.policy());
    }

    @Override
    public void stopped() {
        hooks.stopped(this);
    }

    @Override
    public Applied recovered(long lastIndex, boolean mayHaveLostCommands) {
        fresh.clear();
        if (s != null) {
            now = s.clockMs;
            log(Type.RECOVERED, -1, -1, null, "the manager's group lost a majority of its members and was rebuilt from"
                    + " log index " + lastIndex + (mayHaveLostCommands ? "; later commands may be lost" : ""));
            s.version++;
            hooks.applied(this, lastIndex, null, List.copyOf(fresh));
        }
        return Applied.none();
    }

    // ---- what the node-side driver reads ----------------------------------------------------

    public GroupId group() {
        return group;
    }

    /** True once the manager holds an application. */
    public boolean hasApplication() {
        return s != null;
    }

    public String appId() {
        return s == null ? null : s.appId;
    }

    public AppState state() {
        return s == null ? null : s.state;
    }

    public boolean removed() {
        return s != null && s.removed;
    }

    /** Bumped by every applied change. */
    public long version() {
        return s == null ? 0 : s.version;
    }

    /** The components waiting for a node (empty once the application is final). */
    public List<Pending> pending() {
        List<Pending> out = new ArrayList<>();
        if (s != null && !s.state.isFinal()) {
            for (ComponentRecord c : s.components) {
                if (c.phase == ComponentPhase.PENDING) {
                    out.add(new Pending(c.index, c.incarnation, s.spec.components().get(c.index).slots(), c.notBeforeMs));
                }
            }
        }
        return out;
    }

    /** The components placed on a node or running there. */
    public List<OnNode> onNodes() {
        List<OnNode> out = new ArrayList<>();
        if (s != null) {
            for (ComponentRecord c : s.components) {
                if (c.phase.onNode()) {
                    out.add(new OnNode(c.index, c.incarnation, c.node, c.placedAtMs, c.phase));
                }
            }
        }
        return out;
    }

    /** The status held in a manager's snapshot (as kept in the snapshot DHT), or null when it does not decode. */
    public static AppStatus statusOfSnapshot(byte[] snapshot) {
        try {
            return snapshot == null || snapshot.length == 0 ? null : ManagerState.decode(snapshot).status();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The status and events, or null without an application. */
    public AppStatus status() {
        return s == null ? null : s.status();
    }
}
