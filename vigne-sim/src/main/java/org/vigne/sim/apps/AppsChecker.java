package org.vigne.sim.apps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.AppState;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.manager.ManagerHooks;

/**
 * The invariant checker of application management, apart from the protocol: it hears what every
 * replica of every manager commits (as their {@link ManagerHooks}) and what every modelled process
 * really did (as the executors' {@link ExecutionEvent.Observer}), and checks:
 * <ul>
 *   <li>no duplicate completion: the completions a component's managers commit are all of one run
 *       (one incarnation on one node); the same run may be committed again by a manager rebuilt
 *       without it (counted apart);</li>
 *   <li>fencing: a committed completion is of an incarnation that really ran and exited with
 *       code 0 before the commit, and no later incarnation of the component had started by then;</li>
 *   <li>one fate: an application does not reach two different final states;</li>
 *   <li>at the end (liveness, once churn has stopped): every acknowledged submission reached a
 *       final state, and no acknowledged application was lost.</li>
 * </ul>
 * Replicas commit the same event several times; the checker keeps the first copy of each.
 */
public final class AppsChecker implements ManagerHooks, ExecutionEvent.Observer {
    private static final int KEPT = 20;

    private record Key(String appId, int component) {
    }

    /** A committed event, as first seen. */
    public record Committed(long timeMs, String appId, ManagerEvent event) {
    }

    private final Map<Key, ManagerEvent> firstCompletion = new HashMap<>();
    private final Map<Key, Integer> latestStarted = new HashMap<>();
    private final Set<InstanceId> ran = new HashSet<>();
    private final Set<InstanceId> succeeded = new HashSet<>();
    private final Map<String, AppState> fates = new TreeMap<>();
    private final Map<String, Long> finishedAtMs = new HashMap<>();
    private final Set<String> seenEvents = new HashSet<>();
    private final Set<String> submitted = new HashSet<>();
    private final List<Committed> firstCommits = new ArrayList<>();
    private final List<String> described = new ArrayList<>();
    private final Set<String> restarts = new HashSet<>();
    private java.util.function.Consumer<Committed> listener = c -> { };
    private long violations;
    private long duplicateCompletions;
    private long recommitted;
    private long rebuilds;

    private void violation(String what) {
        violations++;
        if (described.size() < KEPT) {
            described.add(what);
        }
    }

    // ---- what processes did -------------------------------------------------------------------

    @Override
    public void event(ExecutionEvent e) {
        if (e.type() == ExecutionEvent.Type.EXITED && e.detail().equals("0")) {
            succeeded.add(e.instance());
        }
        if (e.type() == ExecutionEvent.Type.STARTED) {
            ran.add(e.instance());
            latestStarted.merge(new Key(e.instance().appId(), e.instance().component()), e.instance().incarnation(),
                    Math::max);
        }
    }

    // ---- what managers committed --------------------------------------------------------------

    @Override
    public void applied(ApplicationManager m, long index, ManagerCommand c, List<ManagerEvent> events) {
        for (ManagerEvent e : events) {
            if (seenEvents.add(m.appId() + "|" + e)) {
                firstCommit(m.appId(), e);
            }
        }
    }

    /** Told of every committed event, first copy only (for an events file). */
    public void setListener(java.util.function.Consumer<Committed> l) {
        listener = l;
    }

    private void firstCommit(String appId, ManagerEvent e) {
        Committed c = new Committed(e.timeMs(), appId, e);
        firstCommits.add(c);
        listener.accept(c);
        switch (e.type()) {
            case SUBMITTED -> submitted.add(appId);
            case COMPLETED -> completion(appId, e);
            case RESTARTED -> restarts.add(appId + "#" + e.component() + "." + e.incarnation());
            case APP_COMPLETED -> fate(appId, AppState.COMPLETED, e.timeMs());
            case FAILED -> fate(appId, AppState.FAILED, e.timeMs());
            case KILLED -> fate(appId, AppState.KILLED, e.timeMs());
            case REBUILT -> rebuilds++;
            default -> { }
        }
    }

    private void completion(String appId, ManagerEvent e) {
        Key k = new Key(appId, e.component());
        ManagerEvent first = firstCompletion.putIfAbsent(k, e);
        if (first != null && (first.incarnation() != e.incarnation() || !first.node().equals(e.node()))) {
            duplicateCompletions++;
            violation("component " + appId + "#" + e.component() + " completed twice: " + first + ", then " + e);
        } else if (first != null) {
            recommitted++;
        }
        InstanceId id = new InstanceId(appId, e.component(), e.incarnation());
        if (!ran.contains(id)) {
            violation("completion of " + id + " committed at " + e.timeMs() + " ms, but it never ran");
        } else if (!succeeded.contains(id)) {
            violation("completion of " + id + " committed at " + e.timeMs() + " ms, but that incarnation had not"
                    + " exited successfully: another incarnation's report was accepted");
        }
        Integer latest = latestStarted.get(k);
        if (latest != null && latest > e.incarnation()) {
            violation("completion of " + id + " committed at " + e.timeMs() + " ms after incarnation " + latest
                    + " had started: a stale incarnation's report was accepted");
        }
    }

    private void fate(String appId, AppState state, long atMs) {
        AppState before = fates.putIfAbsent(appId, state);
        if (before != null && before != state) {
            violation("application " + appId + " is both " + before.spelling() + " and " + state.spelling());
        } else if (before == null) {
            finishedAtMs.put(appId, atMs);
        }
    }

    /**
     * The end-of-run check: every application in {@code acknowledged} reached a final state; those
     * that did not are violations, and counted lost when {@code managed} says no live replica nor
     * snapshot holds them; {@code describe} says what a live replica knows of an application.
     */
    public EndCheck endCheck(Iterable<String> acknowledged, java.util.function.Predicate<String> managed,
                             java.util.function.Function<String, String> describe) {
        int unfinished = 0;
        int lost = 0;
        for (String app : acknowledged) {
            if (fates.containsKey(app)) {
                continue;
            }
            if (managed.test(app)) {
                unfinished++;
                violation("application " + app + " has not reached a final state once churn stopped: "
                        + describe.apply(app));
            } else {
                lost++;
                violation("application " + app + " was acknowledged and then lost");
            }
        }
        return new EndCheck(unfinished, lost);
    }

    /** Acknowledged applications without a final state at the end, still managed or lost. */
    public record EndCheck(int unfinished, int lost) {
    }

    public long violations() {
        return violations;
    }

    public List<String> described() {
        return List.copyOf(described);
    }

    public long duplicateCompletions() {
        return duplicateCompletions;
    }

    /** Committed restarts (component restarts, each counted once). */
    public int restarts() {
        return restarts.size();
    }

    public long rebuilds() {
        return rebuilds;
    }

    /** The final state of {@code appId}, or null. */
    public AppState fate(String appId) {
        return fates.get(appId);
    }

    /** When {@code appId} reached its final state (manager clock), or null. */
    public Long finishedAtMs(String appId) {
        return finishedAtMs.get(appId);
    }

    /** Applications whose submission some manager committed. */
    public Set<String> submitted() {
        return submitted;
    }

    /** Every committed event, first copy only, in commit order. */
    public List<Committed> commits() {
        return firstCommits;
    }

    /** Committed completions so far (runs: a completion committed again of the same run counts once). */
    public int completions() {
        return firstCompletion.size() + (int) duplicateCompletions;
    }

    /** Completions committed again, of the same run, by a manager rebuilt without them. */
    public long recommittedCompletions() {
        return recommitted;
    }
}
