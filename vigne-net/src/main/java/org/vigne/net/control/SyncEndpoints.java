package org.vigne.net.control;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.apps.exec.InstanceId;
import org.vigne.net.node.GridNode;
import org.vigne.net.sync.DeskReply;
import org.vigne.net.sync.SyncDesk;

/**
 * {@code /apps/{app}/barriers/{name}} and {@code /apps/{app}/semaphores/{name}}: the barriers and
 * semaphores of an application, for the components this node runs, in any language. Every
 * request names its process, {@code ?component=C&incarnation=I} (a component's
 * {@code VIGNE_COMPONENT} and {@code VIGNE_INCARNATION}).
 *
 * <p>{@code POST .../barriers/NAME/await?parties=N[&generation=G][&wait=MS]} is a long poll: it
 * answers 200 {@code {"status":"RELEASED","generation":G}} once the generation is released, or
 * 202 {@code {"status":"WAITING","generation":G}} after the bounded wait; asking again with that
 * generation joins the same arrival, never a second one. {@code POST .../semaphores/NAME/declare?permits=N},
 * {@code .../acquire?permits=N[&seq=S][&wait=MS]} (a long poll too) and {@code .../release?permits=N[&seq=S]},
 * where S numbers this process's acquisitions and releases of that semaphore from 0. {@code GET}
 * of a barrier or semaphore is what this process knows of it (next generation or number, permits
 * held); {@code GET /apps/{app}/sync} what this node knows of the application's synchronisation.
 * Refusals are {@code {"error": ONE_LINE, "status": S}}: 400 malformed, 404 unknown application,
 * 409 refused by the group (another party count, a release beyond the permits held: the line says
 * which), broken, stale or not running here, 410 ended, 503 try again.
 */
final class SyncEndpoints {
    /** A long poll waits this long unless the request asks for less. */
    static final long DEFAULT_WAIT_MS = 20_000;
    /** The longest wait a request may ask for: well within a client's read timeout. */
    static final long MAX_WAIT_MS = 30_000;
    /** A declaration or a release waits at most this for the group's answer. */
    private static final long SHORT_WAIT_MS = 15_000;

    private final GridNode node;

    SyncEndpoints(GridNode node) {
        this.node = node;
    }

    /** True for the paths of this door, which an application token may open for its own application. */
    static boolean isSyncPath(List<String> path) {
        if (path.size() < 3 || !path.get(0).equals("apps")) {
            return false;
        }
        String kind = path.get(2);
        return path.size() == 3 ? kind.equals("sync")
                : (path.size() == 4 || path.size() == 5) && (kind.equals("barriers") || kind.equals("semaphores"));
    }

    /** {@code path} satisfies {@link #isSyncPath}. */
    void handle(HttpMethod m, List<String> path, String uri, Reply reply) {
        String app = path.get(1);
        if (path.size() == 3) {
            if (m.equals(HttpMethod.GET)) {
                onLoop(reply, desk -> reply.json(HttpResponseStatus.OK, desk.view(app)));
            } else {
                reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET /apps/APP/sync");
            }
            return;
        }
        Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
        InstanceId who;
        try {
            who = new InstanceId(app, (int) number(q, "component", REQUIRED, Integer.MAX_VALUE),
                    (int) number(q, "incarnation", REQUIRED, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "name the process: ?component=VIGNE_COMPONENT&incarnation="
                    + "VIGNE_INCARNATION (" + e.getMessage() + ")");
            return;
        }
        String name = path.get(3);
        boolean barrier = path.get(2).equals("barriers");
        String verb = path.size() == 5 ? path.get(4) : "";
        try {
            route(m, barrier, verb, who, name, q, reply);
        } catch (IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private void route(HttpMethod m, boolean barrier, String verb, InstanceId who, String name,
                       Map<String, List<String>> q, Reply reply) {
        String key = barrier ? "generation" : "seq";
        Consumer<DeskReply> answer = r -> answer(r, key, reply);
        if (m.equals(HttpMethod.GET) && verb.isEmpty()) {
            onLoop(reply, desk -> {
                Consumer<Map<String, Object>> view = v -> reply.json(HttpResponseStatus.OK, v);
                if (barrier) {
                    desk.barrier(who, name, answer, view);
                } else {
                    desk.semaphore(who, name, answer, view);
                }
            });
        } else if (m.equals(HttpMethod.POST) && barrier && verb.equals("await")) {
            int parties = (int) number(q, "parties", REQUIRED, Integer.MAX_VALUE);
            long generation = number(q, "generation", -1, Long.MAX_VALUE);
            long waitMs = wait(q);
            onLoop(reply, desk -> desk.await(who, name, parties, generation, waitMs, answer));
        } else if (m.equals(HttpMethod.POST) && !barrier && verb.equals("declare")) {
            int permits = (int) number(q, "permits", REQUIRED, Integer.MAX_VALUE);
            onLoop(reply, desk -> desk.declare(who, name, permits, SHORT_WAIT_MS, answer));
        } else if (m.equals(HttpMethod.POST) && !barrier && (verb.equals("acquire") || verb.equals("release"))) {
            int permits = (int) number(q, "permits", 1, Integer.MAX_VALUE);
            long seq = number(q, "seq", -1, Long.MAX_VALUE);
            if (verb.equals("acquire")) {
                long waitMs = wait(q);
                onLoop(reply, desk -> desk.acquire(who, name, permits, seq, waitMs, answer));
            } else {
                onLoop(reply, desk -> desk.release(who, name, permits, seq, SHORT_WAIT_MS, answer));
            }
        } else {
            reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " /" + (barrier ? "barriers" : "semaphores") + "/NAME"
                    + (verb.isEmpty() ? "" : "/" + verb) + " is not allowed: GET .../barriers/NAME, POST .../barriers/NAME/await,"
                    + " GET .../semaphores/NAME, POST .../semaphores/NAME/declare|acquire|release");
        }
    }

    /** For {@link #number}: the parameter has no default. */
    private static final long REQUIRED = Long.MIN_VALUE;

    /**
     * The query parameter {@code name}, {@code otherwise} when absent ({@link #REQUIRED}: refused);
     * counts (parties, permits) are at least 1, numbers at least 0, all at most {@code max}.
     */
    private static long number(Map<String, List<String>> q, String name, long otherwise, long max) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            if (otherwise == REQUIRED) {
                throw new IllegalArgumentException("?" + name + "=N is required");
            }
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(v.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got \"" + v.get(0) + "\"");
        }
        long min = name.equals("parties") || name.equals("permits") ? 1 : 0;
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static long wait(Map<String, List<String>> q) {
        return Math.max(1, Math.min(MAX_WAIT_MS, number(q, "wait", DEFAULT_WAIT_MS, Long.MAX_VALUE)));
    }

    /** Runs {@code op} with the node's desk on the node's loop (inline when already there). */
    private void onLoop(Reply reply, Consumer<SyncDesk> op) {
        Runnable start = () -> {
            SyncDesk desk = node.syncDesk();
            if (desk == null) {
                reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "application management is not running on this node");
                return;
            }
            try {
                op.accept(desk);
            } catch (RuntimeException e) {
                reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "request failed: " + e);
            }
        };
        if (node.net().inEventLoop()) {
            start.run();
        } else {
            node.net().execute(start);
        }
    }

    private static void answer(DeskReply r, String key, Reply reply) {
        HttpResponseStatus status = switch (r.status()) {
            case RELEASED, GRANTED, DONE -> HttpResponseStatus.OK;
            case WAITING -> HttpResponseStatus.ACCEPTED;
            case REFUSED, BROKEN, STALE, NOT_HERE -> HttpResponseStatus.CONFLICT;
            case ENDED -> HttpResponseStatus.GONE;
            case UNKNOWN -> HttpResponseStatus.NOT_FOUND;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.status().toString());
        if (r.seq() >= 0) {
            body.put(key, r.seq());
        }
        if (!r.ok() && r.status() != DeskReply.Status.WAITING) {
            body.put("error", r.detail());
        }
        reply.json(status, body);
    }
}
