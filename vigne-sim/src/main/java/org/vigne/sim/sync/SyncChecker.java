package org.vigne.sim.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.sync.Outcome;
import org.vigne.sync.SyncState;

/**
 * Checks barriers and semaphores from what their participants saw, apart from the protocol: the
 * drivers of experiments and scenarios report every call and return, and the checker holds the
 * service to its promises.
 *
 * <ul>
 *   <li><b>No waiter released early</b>: when an await of generation g of a barrier returns
 *       {@code RELEASED}, at least as many distinct participants as its parties called await for
 *       that generation (in that epoch) before that instant.</li>
 *   <li><b>No permit granted twice</b>: at every grant, the permits participants hold (from the
 *       return of their acquire to the call of their release, a sub-interval of what the
 *       semaphore counts) do not exceed the semaphore's permits.</li>
 *   <li><b>None blocked forever</b>: {@link #pendingSince} lists calls still waiting, for a
 *       liveness phase once faults stop.</li>
 * </ul>
 *
 * Epochs are checked apart: a restart from a checkpoint starts a new one, whose semaphores hold
 * what the checkpoint says ({@link #epochStarted}). Everything is keyed by application, so one
 * checker can watch many.
 */
public final class SyncChecker {
    private record Generation(String app, long epoch, String barrier, long generation) {
    }

    private record Call(String app, long epoch, int process, String object) {
    }

    private record Sem(String app, long epoch, String name) {
    }

    private final Map<Generation, Set<Integer>> arrived = new HashMap<>();
    private final Map<Generation, Set<Integer>> released = new HashMap<>();
    private final Map<Sem, Map<Integer, Integer>> held = new HashMap<>();
    private final Map<Call, Long> pending = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long releases;
    private long grants;

    /** Epoch {@code state.epoch()} of {@code app} starts from {@code state} (its semaphores' holders). */
    public void epochStarted(String app, SyncState state) {
        for (SyncState.SemaphoreState s : state.semaphores()) {
            held.put(new Sem(app, state.epoch(), s.name()), new HashMap<>(s.holdings()));
        }
    }

    public void awaitCalled(String app, long epoch, int process, String barrier, long generation, long nowMs) {
        arrived.computeIfAbsent(new Generation(app, epoch, barrier, generation), g -> new HashSet<>()).add(process);
        pending.put(new Call(app, epoch, process, "barrier " + barrier), nowMs);
    }

    public void awaitReturned(String app, long epoch, int process, String barrier, long generation, int parties,
                              Outcome outcome, long nowMs) {
        pending.remove(new Call(app, epoch, process, "barrier " + barrier));
        if (outcome != Outcome.RELEASED) {
            return;
        }
        releases++;
        Generation g = new Generation(app, epoch, barrier, generation);
        Set<Integer> who = arrived.getOrDefault(g, Set.of());
        if (who.size() < parties) {
            violation(String.format("%s: process %d released from barrier %s generation %d (epoch %d) at %d ms"
                    + " after %d of its %d parties arrived: %s", app, process, barrier, generation, epoch, nowMs,
                    who.size(), parties, who));
        }
        Set<Integer> out = released.computeIfAbsent(g, x -> new HashSet<>());
        if (!out.add(process)) {
            violation(String.format("%s: process %d released twice from barrier %s generation %d (epoch %d)", app,
                    process, barrier, generation, epoch));
        }
        if (out.size() >= parties && out.size() >= who.size()) {
            arrived.remove(g); // every party is out: the generation is over, its memory can go
            released.remove(g);
        }
    }

    public void acquireCalled(String app, long epoch, int process, String semaphore, long nowMs) {
        pending.put(new Call(app, epoch, process, "semaphore " + semaphore), nowMs);
    }

    /** An acquire returned; on {@code GRANTED} the process holds {@code permits} more of {@code capacity}. */
    public void acquireReturned(String app, long epoch, int process, String semaphore, int permits, int capacity,
                                Outcome outcome, long nowMs) {
        pending.remove(new Call(app, epoch, process, "semaphore " + semaphore));
        if (outcome != Outcome.GRANTED) {
            return;
        }
        grants++;
        Map<Integer, Integer> h = held.computeIfAbsent(new Sem(app, epoch, semaphore), s -> new HashMap<>());
        h.merge(process, permits, Integer::sum);
        int sum = 0;
        for (int v : h.values()) {
            sum += v;
        }
        if (sum > capacity) {
            violation(String.format("%s: semaphore %s (epoch %d) has %d permits but %d are held at %d ms: %s", app,
                    semaphore, epoch, capacity, sum, nowMs, h));
        }
    }

    /** The process calls release: from now on the checker no longer counts those permits as held. */
    public void releaseCalled(String app, long epoch, int process, String semaphore, int permits, long nowMs) {
        pending.put(new Call(app, epoch, process, "semaphore " + semaphore), nowMs);
        Map<Integer, Integer> h = held.get(new Sem(app, epoch, semaphore));
        if (h != null) {
            h.computeIfPresent(process, (p, v) -> v - permits <= 0 ? null : v - permits);
        }
    }

    public void releaseReturned(String app, long epoch, int process, String semaphore) {
        pending.remove(new Call(app, epoch, process, "semaphore " + semaphore));
    }

    /**
     * The process is gone for good (its node crashed, its participant was closed, or the manager
     * declared it gone): it holds nothing any more, and waits for nothing.
     */
    public void processGone(String app, long epoch, int process) {
        for (Map.Entry<Sem, Map<Integer, Integer>> e : held.entrySet()) {
            if (e.getKey().app().equals(app) && e.getKey().epoch() == epoch) {
                e.getValue().remove(process);
            }
        }
        pending.keySet().removeIf(c -> c.app().equals(app) && c.epoch() == epoch && c.process() == process);
    }

    /** Permits the processes of {@code app} hold in {@code epoch} on {@code semaphore}, as far as they know. */
    public int held(String app, long epoch, String semaphore) {
        int sum = 0;
        for (int v : held.getOrDefault(new Sem(app, epoch, semaphore), Map.of()).values()) {
            sum += v;
        }
        return sum;
    }

    /** Calls still waiting that were made at or before {@code beforeMs}, described. */
    public List<String> pendingSince(long beforeMs) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Call, Long> e : pending.entrySet()) {
            if (e.getValue() <= beforeMs) {
                Call c = e.getKey();
                out.add(String.format("%s epoch %d process %d waits on %s since %d ms", c.app(), c.epoch(),
                        c.process(), c.object(), e.getValue()));
            }
        }
        return out;
    }

    private void violation(String what) {
        if (violations.size() < 100) {
            violations.add(what);
        }
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Releases and grants checked (a checker that saw nothing proves nothing). */
    public long releasesChecked() {
        return releases;
    }

    public long grantsChecked() {
        return grants;
    }
}
