package org.vigne.net.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ComponentPhase;
import org.vigne.apps.manager.ComponentStatus;
import org.vigne.apps.node.ApiResult;
import org.vigne.core.Env;
import org.vigne.gcs.SubmitResult;
import org.vigne.net.data.ApplicationFeed.StatusSource;
import org.vigne.net.data.StoredCheckpoints;
import org.vigne.net.sync.DeskReply.Status;
import org.vigne.sync.SyncState;
import org.vigne.sync.Synchronisation;

/**
 * Where the components a real node runs meet the synchronisation service: each component
 * incarnation that asks becomes one participant ({@link LocalParticipant}) of its application.
 *
 * <p><b>Who asks.</b> A request names its component and incarnation; it is served only while this
 * node runs that very instance (so a process of a stopped or restarted incarnation cannot arrive
 * anywhere), and only once the application's manager says that incarnation is the component's
 * current one. <b>Epoch.</b> The participant's epoch is the manager's restart count read then
 * ({@code restarts}, as for shared objects): a restart of the application gives every component a
 * new incarnation and the application a new count, so all the processes of one run share an
 * epoch, and an older run's operations are answered {@code STALE} by the group. <b>Starting an
 * epoch.</b> The first node that serves a participant of an epoch starts it in the application's
 * sync group (epoch 0 creates the group): from {@link SyncState#fresh} for the first run or a
 * restart from zero, else from the semaphores stored with the checkpoints the restart goes back to
 * (the manager's {@code objectsFrom}; rule in {@link SyncSnapshot}). Every node reads the same
 * stored round for the same epoch, so any of them may start it; the group applies the first start
 * and holds the epoch's operations until then. Barriers start afresh, as a checkpoint implies.
 *
 * <p><b>Checkpoints.</b> {@link #capture} gives the executor a component's part of its
 * checkpoint: the group's semaphores at that instant, while the component waits.
 * <b>The manager's decisions.</b> {@link #observe} reads every status the node's feed reads: a
 * component the manager abandoned in the current epoch is declared {@code gone} (its permits go
 * back, barriers waiting for it break), an application in a final state is {@code end}ed.
 *
 * <p>On the node's event loop; time from {@link Env}.
 */
public final class SyncDesk {
    /** Starting one application's epoch from this node, and who waits for it. */
    private static final class EpochStart {
        final long epoch;
        boolean done;
        final List<Consumer<String>> waiters = new ArrayList<>();

        EpochStart(long epoch) {
            this.epoch = epoch;
        }
    }

    private final Env env;
    private final Synchronisation sync;
    private final StatusSource status;
    private final Predicate<InstanceId> hosted;
    private final Map<InstanceId, LocalParticipant> participants = new LinkedHashMap<>();
    private final Map<InstanceId, List<Consumer<LocalParticipant>>> resolving = new HashMap<>();
    private final Map<InstanceId, List<Consumer<DeskReply>>> resolvingFailures = new HashMap<>();
    private final Map<String, EpochStart> epochs = new HashMap<>();
    private final StoredCheckpoints stored;
    /** (application, process, epoch) declared gone from here, and applications ended from here. */
    private final Set<String> told = new HashSet<>();

    /**
     * @param status reads an application's status from its manager
     * @param hosted true while this node runs that instance
     * @param stored reads the stored checkpoints a restart goes back to
     */
    public SyncDesk(Env env, Synchronisation sync, StatusSource status, Predicate<InstanceId> hosted,
                    StoredCheckpoints stored) {
        this.env = env;
        this.stored = stored;
        this.sync = sync;
        this.status = status;
        this.hosted = hosted;
    }

    /** Arrives at barrier {@code name}; see {@link LocalParticipant#await}. */
    public void await(InstanceId who, String name, int parties, long generation, long waitMs, Consumer<DeskReply> done) {
        with(who, done, p -> p.await(name, parties, generation, waitMs, done));
    }

    /** Declares semaphore {@code name} with {@code permits} permits. */
    public void declare(InstanceId who, String name, int permits, long waitMs, Consumer<DeskReply> done) {
        with(who, done, p -> p.declare(name, permits, waitMs, done));
    }

    /** Acquires permits; see {@link LocalParticipant#semaphore}. */
    public void acquire(InstanceId who, String name, int permits, long seq, long waitMs, Consumer<DeskReply> done) {
        with(who, done, p -> p.semaphore(org.vigne.sync.OpKind.ACQUIRE, name, permits, seq, waitMs, done));
    }

    /** Releases permits; see {@link LocalParticipant#semaphore}. */
    public void release(InstanceId who, String name, int permits, long seq, long waitMs, Consumer<DeskReply> done) {
        with(who, done, p -> p.semaphore(org.vigne.sync.OpKind.RELEASE, name, permits, seq, waitMs, done));
    }

    /** What instance {@code who} knows of barrier {@code name} (its next generation...), or a refusal. */
    public void barrier(InstanceId who, String name, Consumer<DeskReply> refused, Consumer<Map<String, Object>> done) {
        with(who, refused, p -> done.accept(withEpoch(p, p.barrierView(name))));
    }

    /** What instance {@code who} knows of semaphore {@code name} (its next operation number, permits held...). */
    public void semaphore(InstanceId who, String name, Consumer<DeskReply> refused, Consumer<Map<String, Object>> done) {
        with(who, refused, p -> done.accept(withEpoch(p, p.semaphoreView(name))));
    }

    private static Map<String, Object> withEpoch(LocalParticipant p, Map<String, Object> view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", p.epoch());
        m.putAll(view);
        return m;
    }

    /** What this node knows of {@code app}'s synchronisation: its participants here, and its replica of the group if any. */
    public Map<String, Object> view(String app) {
        prune();
        Map<String, Object> ps = new TreeMap<>();
        participants.forEach((id, p) -> {
            if (id.appId().equals(app)) {
                ps.put(id.component() + "." + id.incarnation(), p.view());
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", app);
        m.put("participants", ps);
        var replica = sync.replica(app);
        if (replica != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epoch", replica.epoch());
            r.put("ended", replica.ended());
            Map<String, Object> sems = new TreeMap<>();
            replica.state().semaphores().forEach(s -> sems.put(s.name(),
                    Map.of("capacity", s.capacity(), "available", s.available(), "holdings", s.holdings())));
            r.put("semaphores", sems);
            m.put("replica", r);
        }
        return m;
    }

    /** Runs {@code then} with {@code who}'s participant, once it is known to be a current instance here with its epoch started. */
    private void with(InstanceId who, Consumer<DeskReply> refused, Consumer<LocalParticipant> then) {
        prune();
        if (!hosted.test(who)) {
            // Ask the manager anyway: an unknown or ended application deserves its own answer.
            status.status(who.appId(), r -> {
                DeskReply why = refusal(who, r);
                refused.accept(why != null && why.status() != Status.UNAVAILABLE ? why : DeskReply.of(Status.NOT_HERE, -1,
                        "component " + who.component() + " incarnation " + who.incarnation() + " of " + who.appId()
                                + " does not run on this node"));
            });
            return;
        }
        LocalParticipant p = participants.get(who);
        if (p != null) {
            then.accept(p);
            return;
        }
        boolean first = !resolving.containsKey(who);
        resolving.computeIfAbsent(who, k -> new ArrayList<>()).add(then);
        resolvingFailures.computeIfAbsent(who, k -> new ArrayList<>()).add(refused);
        if (first) {
            status.status(who.appId(), r -> resolved(who, r));
        }
    }

    private void resolved(InstanceId who, ApiResult<AppStatus> r) {
        DeskReply refusal = refusal(who, r);
        if (refusal != null) {
            fail(who, refusal);
            return;
        }
        long epoch = r.value().restarts();
        startEpoch(who.appId(), epoch, r.value().objectsFrom(), problem -> {
            if (problem != null) {
                fail(who, DeskReply.of(Status.UNAVAILABLE, -1, "the sync group of " + who.appId()
                        + " could not start epoch " + epoch + ": " + problem + "; try again"));
                return;
            }
            resolvingFailures.remove(who);
            List<Consumer<LocalParticipant>> ws = resolving.remove(who);
            if (!hosted.test(who)) {
                return; // stopped meanwhile: its waiting requests time out, and later ones are refused
            }
            LocalParticipant p = participants.computeIfAbsent(who,
                    k -> new LocalParticipant(env, sync.participant(who.appId(), who.component(), epoch)));
            if (ws != null) {
                ws.forEach(w -> w.accept(p));
            }
        });
    }

    private static DeskReply refusal(InstanceId who, ApiResult<AppStatus> r) {
        if (!r.ok()) {
            return r.status() == ApiResult.Status.NOT_FOUND ? DeskReply.of(Status.UNKNOWN, -1, "no application " + who.appId())
                    : DeskReply.of(Status.UNAVAILABLE, -1, "the manager of " + who.appId() + " could not be asked: " + r.error());
        }
        AppStatus s = r.value();
        if (s.state().isFinal()) {
            return DeskReply.of(Status.ENDED, -1, "application " + who.appId() + " has ended: its barriers and semaphores are gone");
        }
        for (ComponentStatus c : s.components()) {
            if (c.index() == who.component()) {
                return c.incarnation() == who.incarnation() ? null : DeskReply.of(Status.NOT_HERE, -1, "component "
                        + who.component() + " of " + who.appId() + " runs incarnation " + c.incarnation() + ", not "
                        + who.incarnation());
            }
        }
        return DeskReply.of(Status.NOT_HERE, -1, who.appId() + " has no component " + who.component());
    }

    private void fail(InstanceId who, DeskReply refusal) {
        resolving.remove(who);
        List<Consumer<DeskReply>> fs = resolvingFailures.remove(who);
        if (fs != null) {
            fs.forEach(f -> f.accept(refusal));
        }
    }

    /**
     * Starts {@code epoch} of {@code app} in its sync group once from this node (later epochs
     * replace earlier ones), from the semaphores stored in {@code from}; {@code done} gets null,
     * or why it could not.
     */
    private void startEpoch(String app, long epoch, List<String> from, Consumer<String> done) {
        EpochStart e = epochs.get(app);
        if (e != null && e.epoch == epoch && e.done) {
            done.accept(null);
            return;
        }
        if (e != null && e.epoch == epoch) {
            e.waiters.add(done);
            return;
        }
        if (e != null && e.epoch > epoch) {
            done.accept(null); // a later epoch started: the group answers this one's operations STALE
            return;
        }
        EpochStart started = new EpochStart(epoch);
        started.waiters.add(done);
        epochs.put(app, started);
        restored(app, epoch, from, state -> {
            if (state.problem() != null) {
                finish(app, started, state.problem());
                return;
            }
            sync.control().startEpoch(app, state.state(), r -> finish(app, started,
                    r.ok() || r.status() == SubmitResult.Status.EXISTS ? null : "not started in time (" + r.status() + ")"));
        });
    }

    private void finish(String app, EpochStart started, String problem) {
        if (epochs.get(app) == started) {
            if (problem == null) {
                started.done = true;
            } else {
                epochs.remove(app);
            }
        }
        List<Consumer<String>> ws = new ArrayList<>(started.waiters);
        started.waiters.clear();
        ws.forEach(w -> w.accept(problem));
    }

    /** A state to start an epoch from, or why there is none. */
    private record Restored(SyncState state, String problem) {
    }

    /** The state epoch {@code epoch} starts from: fresh, or restored from the round of the checkpoints {@code from}. */
    private void restored(String app, long epoch, List<String> from, Consumer<Restored> done) {
        if (epoch == 0 || from.isEmpty()) {
            done.accept(new Restored(SyncState.fresh(epoch), null));
            return;
        }
        stored.read(app, from, SyncSnapshot::in, r -> {
            if (!r.ok()) {
                done.accept(new Restored(null, r.error()));
                return;
            }
            List<SyncSnapshot> round = new ArrayList<>();
            r.value().forEach(snapshot -> {
                if (snapshot != null) {
                    round.add(snapshot);
                }
            });
            try {
                done.accept(new Restored(SyncSnapshot.restore(epoch, round), null));
            } catch (IllegalStateException e) {
                done.accept(new Restored(null, e.getMessage()));
            }
        });
    }

    /**
     * The semaphores' part of {@code who}'s checkpoint taken now: the encoded {@link SyncSnapshot},
     * or null when the application has no sync group (it never used the service). Callable from
     * any thread; the work runs on the node's event loop.
     */
    public CompletableFuture<byte[]> capture(Executor loop, InstanceId who) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        loop.execute(() -> sync.control().capture(who.appId(), c -> {
            if (c.state() != null) {
                result.complete(new SyncSnapshot(who.component(), c.state()).encode());
            } else if (c.error().startsWith(SubmitResult.Status.NO_GROUP.name()) && !epochs.containsKey(who.appId())) {
                result.complete(null);
            } else {
                result.completeExceptionally(new IllegalStateException("the semaphores of " + who.appId()
                        + " could not be captured: " + c.error()));
            }
        }));
        return result;
    }

    /**
     * What the manager decided, read from its status {@code s}: a restart starts its epoch at
     * once (so the old epoch's waiters learn {@code STALE} without waiting for the restarted
     * components to ask), a component abandoned in the current epoch is gone from it, and a final
     * application ends. Only nodes that started one of the application's epochs tell the group;
     * telling twice is harmless (all three are idempotent).
     */
    public void observe(AppStatus s) {
        String app = s.appId();
        EpochStart started = epochs.get(app);
        if (started == null) {
            return;
        }
        if (s.state().isFinal()) {
            if (told.add(app + "/end")) {
                sync.control().end(app, r -> { });
            }
            return;
        }
        if (started.epoch < s.restarts()) {
            startEpoch(app, s.restarts(), s.objectsFrom(), problem -> { });
        }
        for (ComponentStatus c : s.components()) {
            if ((c.phase() == ComponentPhase.ABANDONED || c.phase() == ComponentPhase.FAILED)
                    && told.add(app + "/" + c.index() + "/" + s.restarts())) {
                sync.control().gone(app, c.index(), s.restarts(), r -> { });
            }
        }
    }

    /** Forgets the participants of instances this node no longer runs (their pending operations are dropped). */
    private void prune() {
        participants.entrySet().removeIf(en -> {
            if (hosted.test(en.getKey())) {
                return false;
            }
            en.getValue().close();
            return true;
        });
    }

    /** Participants of instances running here, for tools. */
    public int participants() {
        return participants.size();
    }
}
