package org.vigne.apps.manager;

import java.util.ArrayList;
import java.util.List;
import org.vigne.apps.manager.ManagerEvent.Type;

/**
 * What a manager does when a component fails, and the bookkeeping that follows every change: the
 * policy's decision (fail, restart a component or the application, abandon), the next
 * incarnation's checkpoint, coordinated checkpoint rounds, and the application's state derived
 * from its components. Part of the manager's deterministic state machine: it reads and changes
 * only the state of the command being applied ({@link ManagerContext}).
 */
final class Recovery {
    private final ManagerContext x;

    Recovery(ManagerContext x) {
        this.x = x;
    }

    /**
     * A coordinated round k is committed once every unfinished component has committed its k-th
     * checkpoint; paths older than the committed round are forgotten (a component keeps its last).
     */
    void commitRounds() {
        int round = Integer.MAX_VALUE;
        for (ComponentRecord c : x.s.unfinished()) {
            round = Math.min(round, c.checkpoints);
        }
        if (round != Integer.MAX_VALUE && round > x.s.committedRound) {
            x.s.committedRound = round;
            if (x.s.components.length > 1) {
                x.log(Type.ROUND_COMMITTED, -1, -1, null, "round " + round);
            }
        }
        for (ComponentRecord c : x.s.components) {
            c.checkpointPaths.headMap(Math.min(x.s.committedRound, c.checkpoints)).clear();
        }
    }

    /** Applies the policy to a failure of {@code c}; a restart waits at least {@code minBackoffMs}. */
    void fail(ComponentRecord c, Failure.Cause cause, String detail, int exitCode, long minBackoffMs) {
        c.problem = detail;
        boolean app = x.policies.applicationScope();
        int count = cause == Failure.Cause.COMPONENT ? (app ? x.s.appRestarts : c.restarts) + 1
                : (app ? x.s.appNodeLosses : c.nodeLosses) + 1;
        Failure f = new Failure(x.s.appId, c.index, x.s.components.length, c.incarnation, cause, detail, exitCode,
                c.restarts, c.nodeLosses, c.checkpoints, x.policies.parameters());
        Decision d = x.policies.decide(f, count);
        if (d instanceof Decision.Fail failure) {
            c.phase = ComponentPhase.FAILED;
            stopAll(c, "application failed");
            finish(AppState.FAILED, "component " + x.name(c) + ": " + failure.reason());
            x.log(Type.FAILED, -1, -1, null, x.s.reason);
        } else if (d instanceof Decision.Abandon abandon) {
            c.phase = ComponentPhase.ABANDONED;
            x.log(Type.EXITED, c.index, c.incarnation, c.node, "abandoned by the policy: " + abandon.reason());
            commitRounds();
        } else if (d instanceof Decision.RestartComponent one) {
            count(c, cause, false);
            objectsFrom(one.fromCheckpoint() ? x.s.committedRound : 0);
            restart(c, Math.max(minBackoffMs, one.backoffMs()), one.fromCheckpoint() ? c.checkpoints : 0, detail);
        } else {
            Decision.RestartApplication all = (Decision.RestartApplication) d;
            count(c, cause, true);
            restartApplication(c, new Decision.RestartApplication(all.fromCheckpoint(),
                    Math.max(minBackoffMs, all.backoffMs())), detail);
        }
    }

    /**
     * The checkpoint {@code c}'s incarnation was to restore cannot be read: forget it, so the next
     * incarnation restores the previous one still known, or starts from zero.
     */
    void dropRestoredCheckpoint(ComponentRecord c) {
        c.checkpointPaths.remove(c.restoreNumber);
        Integer previous = c.checkpointPaths.floorKey(c.restoreNumber);
        c.checkpoints = previous == null ? 0 : previous;
        c.restoreFailures = 0;
    }

    private void count(ComponentRecord c, Failure.Cause cause, boolean app) {
        if (cause == Failure.Cause.COMPONENT) {
            c.restarts++;
            x.s.appRestarts += app ? 1 : 0;
        } else {
            c.nodeLosses++;
            x.s.appNodeLosses += app ? 1 : 0;
        }
    }

    /** Every unfinished component starts again from the last committed round (or from zero). */
    private void restartApplication(ComponentRecord failed, Decision.RestartApplication all, String why) {
        int round = all.fromCheckpoint() ? x.s.committedRound : 0;
        objectsFrom(round);
        x.log(Type.RESTARTED, -1, -1, null, "application restarts " + (round > 0 ? "from round " + round : "from zero")
                + " after component " + x.name(failed) + ": " + why);
        for (ComponentRecord c : x.s.unfinished()) {
            if (c != failed && c.phase.onNode()) {
                x.order(c.node, new HostOrder.Stop(c.instance(x.s.appId), "application restarts"));
            }
            restart(c, all.backoffMs(), round, why);
        }
    }

    /**
     * The next epoch's shared objects start from the values stored with round {@code round}'s
     * checkpoints (every component's that has one), or empty for round 0: the objects' part of a
     * coordinated checkpoint, so that they go back exactly as far as the components do.
     */
    private void objectsFrom(int round) {
        List<String> paths = new ArrayList<>();
        for (ComponentRecord c : x.s.components) {
            String p = round > 0 ? c.checkpointPaths.get(round) : null;
            if (p != null) {
                paths.add(p);
            }
        }
        x.s.objectsFrom = List.copyOf(paths);
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
        c.incarnation = Math.max(c.incarnation + 1, c.incarnationFloor);
        c.phase = ComponentPhase.PENDING;
        c.node = null;
        c.placedAtMs = -1;
        c.startedAtMs = -1;
        c.notBeforeMs = x.now + backoffMs;
        x.s.restartsTotal++;
        x.log(Type.RESTARTED, c.index, c.incarnation, null, (number > 0 ? "from checkpoint " + number : "from zero")
                + (backoffMs > 0 ? " after a backoff of " + backoffMs + " ms" : "") + " (" + why + ")");
        commitRounds();
    }

    /** Stops every instance on a node but {@code except}'s, and ends every unfinished component. */
    void stopAll(ComponentRecord except, String why) {
        for (ComponentRecord c : x.s.components) {
            if (c == except || c.phase.isFinal()) {
                continue;
            }
            if (c.phase.onNode()) {
                x.order(c.node, new HostOrder.Stop(c.instance(x.s.appId), why));
            }
            c.phase = ComponentPhase.KILLED;
        }
    }

    void finish(AppState to, String reason) {
        x.s.state = x.s.state.moveTo(to);
        x.s.reason = reason;
        x.s.finishedAtMs = x.now;
    }

    /** Moves the application to the state its components imply (an illegal move throws). */
    void updateState() {
        if (x.s.state.isFinal()) {
            return;
        }
        boolean pending = false;
        boolean allFinal = true;
        boolean roundOpen = false;
        for (ComponentRecord c : x.s.components) {
            pending |= c.phase == ComponentPhase.PENDING;
            allFinal &= c.phase.isFinal();
            roundOpen |= !c.phase.isFinal() && c.checkpoints > x.s.committedRound;
        }
        if (allFinal) {
            finish(AppState.COMPLETED, "");
            x.log(Type.APP_COMPLETED, -1, -1, null, "");
            return;
        }
        if (!pending && !x.s.reason.isEmpty()) {
            x.s.reason = "";
        }
        AppState to = pending ? (x.s.placementStarted ? AppState.PLACING : AppState.SUBMITTED)
                : roundOpen && x.s.components.length > 1 ? AppState.CHECKPOINTING : AppState.RUNNING;
        x.s.state = x.s.state.moveTo(to);
    }
}
