package org.vigne.net.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.vigne.core.Env;
import org.vigne.net.sync.DeskReply.Status;
import org.vigne.sync.OpKind;
import org.vigne.sync.Participant;
import org.vigne.sync.SyncResult;

/**
 * One component incarnation's {@link Participant} on its node, behind requests that each wait a
 * bounded time (HTTP long polls). A request names what it is about, so that asking again never
 * counts twice: an {@code await} names the barrier generation it arrives in (this process counts
 * them from 0 in its epoch), an {@code acquire} or {@code release} its number among this process's
 * operations on that semaphore. Asking again for the operation in progress joins it; asking for
 * one already answered gets its answer again (a barrier generation below the next one was
 * released; the last semaphore operation's answer is kept); asking ahead is refused.
 *
 * <p>On the node's event loop; timers from {@link Env}.
 */
final class LocalParticipant {
    /** An operation in progress and the requests waiting for its answer. */
    private static final class InFlight {
        final OpKind kind;
        final long seq;
        final int count;
        final List<Consumer<DeskReply>> waiters = new ArrayList<>();

        InFlight(OpKind kind, long seq, int count) {
            this.kind = kind;
            this.seq = seq;
            this.count = count;
        }
    }

    /** A semaphore as this process sees it: the number of its next operation, the last answer, the permits it holds. */
    private static final class SemaphoreView {
        long next;
        DeskReply last;
        int held;
        InFlight inFlight;
    }

    private final Env env;
    private final Participant participant;
    private final Map<String, InFlight> barriers = new LinkedHashMap<>();
    private final Set<String> barrierNames = new TreeSet<>();
    private final Map<String, SemaphoreView> semaphores = new LinkedHashMap<>();

    LocalParticipant(Env env, Participant participant) {
        this.env = env;
        this.participant = participant;
    }

    long epoch() {
        return participant.epoch();
    }

    /**
     * Arrives at barrier {@code name} in generation {@code generation} (-1: the one in progress,
     * else the next), waiting at most {@code waitMs} for its release.
     */
    void await(String name, int parties, long generation, long waitMs, Consumer<DeskReply> done) {
        barrierNames.add(name);
        long next = participant.generation(name);
        InFlight f = barriers.get(name);
        long g = generation >= 0 ? generation : f != null ? f.seq : next;
        if (g < next) {
            done.accept(DeskReply.of(Status.RELEASED, g, "")); // asked again after its release
        } else if (g > next) {
            done.accept(DeskReply.of(Status.REFUSED, g, "this process's next arrival at barrier \"" + name
                    + "\" is in generation " + next + ", not " + g));
        } else if (f != null) {
            join(f, parties, waitMs, done);
        } else {
            InFlight started = new InFlight(OpKind.ARRIVE, g, parties);
            barriers.put(name, started);
            started.waiters.add(done);
            expireLater(started, done, waitMs);
            participant.await(name, parties, r -> {
                barriers.remove(name, started);
                answer(started, DeskReply.of(r));
            });
        }
    }

    /** Declares semaphore {@code name} with {@code permits} permits (done when it exists with as many). */
    void declare(String name, int permits, long waitMs, Consumer<DeskReply> done) {
        SemaphoreView v = semaphores.computeIfAbsent(name, k -> new SemaphoreView());
        if (v.inFlight != null) {
            done.accept(DeskReply.of(Status.REFUSED, -1, "an operation on semaphore \"" + name + "\" is in progress"));
            return;
        }
        InFlight f = new InFlight(OpKind.DECLARE, -1, permits);
        v.inFlight = f;
        f.waiters.add(done);
        expireLater(f, done, waitMs);
        participant.declare(name, permits, r -> {
            v.inFlight = null;
            answer(f, DeskReply.of(r));
        });
    }

    /**
     * Acquires ({@code kind} ACQUIRE) or releases permits of semaphore {@code name} as this
     * process's operation number {@code seq} on it (-1: the one in progress, else the next).
     */
    void semaphore(OpKind kind, String name, int permits, long seq, long waitMs, Consumer<DeskReply> done) {
        SemaphoreView v = semaphores.computeIfAbsent(name, k -> new SemaphoreView());
        InFlight f = v.inFlight != null && v.inFlight.kind != OpKind.DECLARE ? v.inFlight : null;
        long s = seq >= 0 ? seq : f != null ? f.seq : v.next;
        if (s == v.next - 1 && v.last != null) {
            done.accept(v.last); // asked again after its answer
        } else if (s != v.next) {
            done.accept(DeskReply.of(Status.REFUSED, s, "this process's next operation on semaphore \"" + name
                    + "\" is number " + v.next + ", not " + s));
        } else if (f != null && f.kind == kind) {
            join(f, permits, waitMs, done);
        } else if (v.inFlight != null) {
            done.accept(DeskReply.of(Status.REFUSED, s, "another operation on semaphore \"" + name + "\" is in progress"));
        } else {
            InFlight started = new InFlight(kind, s, permits);
            v.inFlight = started;
            started.waiters.add(done);
            expireLater(started, done, waitMs);
            Consumer<SyncResult> after = r -> {
                v.inFlight = null;
                DeskReply reply = new DeskReply(DeskReply.of(r).status(), s, r.detail());
                if (r.ok()) {
                    v.held += kind == OpKind.ACQUIRE ? permits : -permits;
                }
                v.next = s + 1;
                v.last = reply;
                answer(started, reply);
            };
            if (kind == OpKind.ACQUIRE) {
                participant.acquire(name, permits, after);
            } else {
                participant.release(name, permits, after);
            }
        }
    }

    private void join(InFlight f, int count, long waitMs, Consumer<DeskReply> done) {
        if (f.count != count) {
            done.accept(DeskReply.of(Status.REFUSED, f.seq, "the operation in progress (number " + f.seq + ") has count "
                    + f.count + ", this request says " + count));
            return;
        }
        f.waiters.add(done);
        expireLater(f, done, waitMs);
    }

    /** After {@code waitMs}, a request still waiting is told so; the operation goes on. */
    private void expireLater(InFlight f, Consumer<DeskReply> done, long waitMs) {
        env.schedule(waitMs, () -> {
            if (f.waiters.remove(done)) {
                done.accept(DeskReply.of(Status.WAITING, f.seq, "still waiting: ask again with the same number"));
            }
        });
    }

    private static void answer(InFlight f, DeskReply r) {
        List<Consumer<DeskReply>> ws = new ArrayList<>(f.waiters);
        f.waiters.clear();
        ws.forEach(w -> w.accept(r));
    }

    /** What this process knows of barrier {@code name}: its next generation, and the one waiting, if any. */
    Map<String, Object> barrierView(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generation", participant.generation(name));
        InFlight f = barriers.get(name);
        m.put("waiting", f != null);
        return m;
    }

    /** What this process knows of semaphore {@code name}: its next operation's number and the permits it holds. */
    Map<String, Object> semaphoreView(String name) {
        SemaphoreView v = semaphores.get(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", v == null ? 0 : v.next);
        m.put("held", v == null ? 0 : v.held);
        m.put("waiting", v != null && v.inFlight != null);
        return m;
    }

    /** Everything this process used, for status tools. */
    Map<String, Object> view() {
        Map<String, Object> b = new TreeMap<>();
        barrierNames.forEach(n -> b.put(n, barrierView(n)));
        Map<String, Object> s = new TreeMap<>();
        semaphores.keySet().forEach(n -> s.put(n, semaphoreView(n)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", participant.epoch());
        m.put("barriers", b);
        m.put("semaphores", s);
        return m;
    }

    void close() {
        participant.close();
    }
}
