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
 * <p>A lossy rebuild (the group lost its majority, or every replica) forgets part of the history:
 * that part may have restarted a component whose instance this state still believes current.
 * Incarnations the lost part may have used are fenced off ({@link ComponentRecord#fenceLostHistory}),
 * and an instance that started before the rebuild may complete only with a report a manager
 * accepted already (its host sends it again, marked so): the lost history then had it as its
 * current incarnation. A first report of success from such an instance cannot be told from a
 * superseded one, so it is not committed: the component runs again, as after a node loss.
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
    /** Launches whose checkpoint cannot be read before the next incarnation starts without it. */
    static final int UNREADABLE_CHECKPOINT_TRIES = 3;
    /** Longest pause before placing again a component whose node could not run it (doubling from 1 s). */
    static final long MAX_NODE_PROBLEM_BACKOFF_MS = 30_000;

    /** A pending component, for the leader's placement. */
    public record Pending(int component, int incarnation, int slots, long notBeforeMs) {
    }

    /** A component placed on a node or running there, for the leader's failure detection. */
    public record OnNode(int component, int incarnation, NodeHandle node, long placedAtMs, ComponentPhase phase) {
    }

    private final GroupId group;
    private final ManagerHooks hooks;
    private final ManagerContext x = new ManagerContext();
    private final Recovery recovery = new Recovery(x);

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
        x.clear();
        ManagerCommand c;
        try {
            c = CommandCodec.decode(command);
        } catch (IllegalArgumentException e) {
            return Applied.of(ManagerReply.of(Code.MALFORMED, e.getMessage()).encode());
        }
        ManagerReply reply = handle(c);
        if (x.s != null && reply.accepted() && !(c instanceof Query)) {
            x.s.version++;
        }
        hooks.applied(this, index, c, List.copyOf(x.fresh));
        return new Applied(reply.encode(), List.copyOf(x.outputs));
    }

    private ManagerReply handle(ManagerCommand c) {
        if (c instanceof Submit sub) {
            return submit(sub);
        }
        if (c instanceof Restore r) {
            return restoreFrom(r);
        }
        if (x.s == null) {
            return ManagerReply.of(Code.UNKNOWN_APPLICATION, "no application here");
        }
        x.now = Math.max(x.s.clockMs, c.timeMs());
        x.s.clockMs = x.now;
        if (c instanceof Query) {
            return new ManagerReply(Code.ACCEPTED, "", x.s.status());
        }
        if (c instanceof Kill k) {
            return kill(k);
        }
        if (c instanceof Remove) {
            return remove();
        }
        if (x.s.state.isFinal()) {
            return ManagerReply.of(Code.IGNORED, "application is " + x.s.state.spelling());
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
        recovery.updateState();
        return r;
    }

    private ManagerReply submit(Submit c) {
        if (x.s != null) {
            return x.s.appId.equals(c.appId()) ? ManagerReply.of(Code.IGNORED, "already submitted")
                    : ManagerReply.of(Code.REFUSED, "this manager holds application " + x.s.appId);
        }
        ManagerState created;
        try {
            created = new ManagerState(c.appId(), c.spec(), c.inputs(), c.submitter());
        } catch (IllegalArgumentException e) {
            return ManagerReply.of(Code.REFUSED, "bad spec: " + e.getMessage());
        }
        for (int i = 0; i < created.components.length; i++) {
            for (InputFile in : created.spec.components().get(i).inputs()) {
                if (!c.inputs().containsKey(in.source())) {
                    return ManagerReply.of(Code.REFUSED, "input " + in.source() + " of component " + i
                            + " was not uploaded");
                }
            }
        }
        x.s = created;
        x.policies = new Policies(x.s.spec.policy());
        x.now = c.timeMs();
        x.s.clockMs = x.now;
        x.s.submittedAtMs = x.now;
        x.log(Type.SUBMITTED, -1, -1, null, x.s.components.length + " component" + (x.s.components.length == 1 ? "" : "s")
                + ", policy " + x.s.spec.policy().type());
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    /**
     * A snapshot from the snapshot DHT: the first command of a group rebuilt after every replica
     * was lost, or, for a manager whose group lost its majority, a later state of the same history
     * than the survivors had (its version is higher). Either way, incarnations the lost part of the
     * history may have used are fenced off.
     */
    private ManagerReply restoreFrom(Restore r) {
        ManagerState snap;
        try {
            snap = r.snapshot().length == 0 ? null : ManagerState.decode(r.snapshot());
        } catch (IllegalArgumentException e) {
            return ManagerReply.of(Code.REFUSED, "bad snapshot: " + e.getMessage());
        }
        if (snap == null) {
            return ManagerReply.of(Code.REFUSED, "empty snapshot");
        }
        if (x.s != null && (!x.s.appId.equals(snap.appId) || snap.version <= x.s.version)) {
            return ManagerReply.of(Code.IGNORED, "this manager's state is as recent as the snapshot");
        }
        x.s = snap;
        x.policies = new Policies(snap.spec.policy());
        x.now = Math.max(x.s.clockMs, r.timeMs());
        x.s.clockMs = x.now;
        x.s.rebuilds++;
        for (ComponentRecord c : x.s.components) {
            c.fenceLostHistory();
        }
        x.log(Type.REBUILT, -1, -1, null, r.reason());
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    // ---- placement and reports -----------------------------------------------------------------

    private ManagerReply placed(Placed p) {
        ComponentRecord c = x.component(p.component());
        if (c == null || c.phase != ComponentPhase.PENDING || c.incarnation != p.incarnation() || p.node() == null) {
            return ManagerReply.of(Code.IGNORED, "not pending as incarnation " + p.incarnation());
        }
        x.s.placementStarted = true;
        c.phase = ComponentPhase.PLACED;
        c.node = p.node();
        c.placedAtMs = x.now;
        c.startedAtMs = -1;
        x.log(Type.PLACED, c.index, c.incarnation, c.node, c.restoreFrom.isEmpty() ? ""
                : "restores checkpoint " + c.restoreNumber);
        x.order(c.node, new HostOrder.Launch(c.instance(x.s.appId), x.s.specBytes, x.s.inputs, c.restoreFrom));
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply unplaced(Unplaced u) {
        x.s.placementStarted = true;
        if (!u.reason().equals(x.s.reason)) {
            x.s.reason = u.reason();
            x.log(Type.PENDING, -1, -1, null, u.reason());
        }
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    /** The current incarnation of the reported component, on the reporting node, or null (stale). */
    private ComponentRecord current(int component, int incarnation, NodeHandle node) {
        ComponentRecord c = x.component(component);
        if (c == null || c.incarnation != incarnation || !c.phase.onNode() || node == null
                || !node.equals(c.node)) {
            return null;
        }
        return c;
    }

    /** A live instance reported that is not current: tell its node to stop it. */
    private ManagerReply stale(int component, int incarnation, NodeHandle node) {
        if (node != null && component >= 0 && component < x.s.components.length) {
            x.order(node, new HostOrder.Stop(new InstanceId(x.s.appId, component, incarnation), "incarnation is stale"));
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
        c.startedAtMs = x.now;
        c.nodeProblems = 0;
        c.restoreFailures = 0;
        x.log(Type.STARTED, c.index, c.incarnation, c.node, c.restoreFrom.isEmpty() ? ""
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
            c.startedAtMs = x.now;
        }
        c.checkpoints++;
        c.checkpointPaths.put(c.checkpoints, k.path());
        x.log(Type.CHECKPOINTED, c.index, c.incarnation, c.node, "checkpoint " + c.checkpoints);
        recovery.commitRounds();
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply ended(Ended e) {
        ComponentRecord c = current(e.component(), e.incarnation(), e.node());
        if (c == null) {
            return ManagerReply.of(Code.IGNORED, "stale incarnation");
        }
        if (e.kind() == EndKind.EXITED && e.code() == 0 && c.incarnation < c.incarnationFloor && !e.acceptedBefore()) {
            String detail = "completed, but it started before this manager lost part of its history (a rebuild),"
                    + " which may have superseded it: its outputs are not committed";
            x.log(Type.EXITED, c.index, c.incarnation, c.node, detail);
            recovery.fail(c, Failure.Cause.NODE, detail, e.code(), 0);
            return ManagerReply.of(Code.IGNORED, "completion not committed: it started before a lossy rebuild");
        }
        c.exitCode = e.code();
        c.logs = e.logs();
        if (e.kind() == EndKind.EXITED && e.code() == 0) {
            c.phase = ComponentPhase.DONE;
            c.outputs = e.outputs();
            c.problem = "";
            x.log(Type.COMPLETED, c.index, c.incarnation, c.node, e.outputs().isEmpty() ? "" : "outputs " + e.outputs());
            recovery.commitRounds();
            return ManagerReply.of(Code.ACCEPTED, "");
        }
        String detail = switch (e.kind()) {
            case EXITED -> "exited with code " + e.code() + (e.detail().isEmpty() ? "" : ": " + e.detail());
            case OUTPUTS_REFUSED -> "outputs refused: " + e.detail();
            case KILLED -> "killed on its node";
            default -> e.detail();
        };
        boolean nodeProblem = e.kind() == EndKind.NODE_PROBLEM || e.kind() == EndKind.CHECKPOINT_UNAVAILABLE;
        if (e.kind() == EndKind.CHECKPOINT_UNAVAILABLE && ++c.restoreFailures >= UNREADABLE_CHECKPOINT_TRIES) {
            detail += "; unreadable " + c.restoreFailures + " times: the next incarnation starts without it";
            recovery.dropRestoredCheckpoint(c);
        }
        x.log(e.kind() == EndKind.FAILED_TO_START ? Type.FAILED_TO_START : Type.EXITED, c.index, c.incarnation, c.node,
                detail);
        Failure.Cause cause = nodeProblem || e.kind() == EndKind.KILLED ? Failure.Cause.NODE : Failure.Cause.COMPONENT;
        long backoff = 0;
        if (nodeProblem) {
            backoff = Math.min(MAX_NODE_PROBLEM_BACKOFF_MS, 1_000L << Math.min(20, c.nodeProblems++));
        }
        recovery.fail(c, cause, detail, e.code(), backoff);
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    private ManagerReply suspect(Suspect p) {
        ComponentRecord c = current(p.component(), p.incarnation(), p.node());
        if (c == null) {
            return ManagerReply.of(Code.IGNORED, "not the current incarnation on that node");
        }
        x.log(Type.SUSPECTED, c.index, c.incarnation, c.node, p.reason());
        x.order(c.node, new HostOrder.Stop(c.instance(x.s.appId), "its node was suspected: " + p.reason()));
        recovery.fail(c, Failure.Cause.NODE, "node " + c.node.address() + " suspected: " + p.reason(), -1, 0);
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    // ---- the user ---------------------------------------------------------------------------

    private ManagerReply kill(Kill k) {
        if (x.s.state.isFinal()) {
            return new ManagerReply(Code.IGNORED, "application is already " + x.s.state.spelling(), x.s.status());
        }
        recovery.stopAll(null, "application killed");
        recovery.finish(AppState.KILLED, k.reason().isEmpty() ? "killed by the user" : k.reason());
        x.log(Type.KILLED, -1, -1, null, x.s.reason);
        return new ManagerReply(Code.ACCEPTED, "", x.s.status());
    }

    private ManagerReply remove() {
        if (!x.s.state.isFinal()) {
            return ManagerReply.of(Code.REFUSED, "application is " + x.s.state.spelling() + ": kill it first");
        }
        if (x.s.removed) {
            return ManagerReply.of(Code.IGNORED, "already removed");
        }
        x.s.removed = true;
        x.log(Type.REMOVED, -1, -1, null, "");
        return ManagerReply.of(Code.ACCEPTED, "");
    }

    // ---- group communication ----------------------------------------------------------------

    @Override
    public byte[] snapshot() {
        return x.s == null ? new byte[0] : x.s.encode();
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot.length == 0) {
            x.s = null;
            x.policies = null;
            return;
        }
        ManagerState restored = ManagerState.decode(snapshot);
        x.s = restored;
        x.policies = new Policies(x.s.spec.policy());
    }

    @Override
    public void stopped() {
        hooks.stopped(this);
    }

    @Override
    public Applied recovered(long lastIndex, boolean mayHaveLostCommands) {
        x.fresh.clear();
        if (x.s != null) {
            x.now = x.s.clockMs;
            for (ComponentRecord c : x.s.components) {
                c.fenceLostHistory();
            }
            x.log(Type.RECOVERED, -1, -1, null, "the manager's group lost a majority of its members and was rebuilt from"
                    + " log index " + lastIndex + (mayHaveLostCommands ? "; later commands may be lost" : ""));
            x.s.version++;
            hooks.applied(this, lastIndex, null, List.copyOf(x.fresh));
        }
        return Applied.none();
    }

    // ---- what the node-side driver reads ----------------------------------------------------

    public GroupId group() {
        return group;
    }

    /** True once the manager holds an application. */
    public boolean hasApplication() {
        return x.s != null;
    }

    public String appId() {
        return x.s == null ? null : x.s.appId;
    }

    public AppState state() {
        return x.s == null ? null : x.s.state;
    }

    public boolean removed() {
        return x.s != null && x.s.removed;
    }

    /**
     * The manager's clock: the largest stamp of the commands it applied. Stamps come from several
     * nodes, so on real nodes it need not agree with any one node's clock; compare a deadline such
     * as {@link Pending#notBeforeMs()} with it, not with the local clock.
     */
    public long clockMs() {
        return x.s == null ? 0 : x.s.clockMs;
    }

    /** Bumped by every applied change. */
    public long version() {
        return x.s == null ? 0 : x.s.version;
    }

    /** The components waiting for a node (empty once the application is final). */
    public List<Pending> pending() {
        List<Pending> out = new ArrayList<>();
        if (x.s != null && !x.s.state.isFinal()) {
            for (ComponentRecord c : x.s.components) {
                if (c.phase == ComponentPhase.PENDING) {
                    out.add(new Pending(c.index, c.incarnation, x.s.spec.components().get(c.index).slots(), c.notBeforeMs));
                }
            }
        }
        return out;
    }

    /** The components placed on a node or running there. */
    public List<OnNode> onNodes() {
        List<OnNode> out = new ArrayList<>();
        if (x.s != null) {
            for (ComponentRecord c : x.s.components) {
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

    /** The version held in a manager's snapshot, or -1 when it does not decode. */
    public static long versionOfSnapshot(byte[] snapshot) {
        try {
            return snapshot == null || snapshot.length == 0 ? -1 : ManagerState.decode(snapshot).version;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The status and events, or null without an application. */
    public AppStatus status() {
        return x.s == null ? null : x.s.status();
    }
}
