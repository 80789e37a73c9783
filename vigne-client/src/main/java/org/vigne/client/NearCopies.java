package org.vigne.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The near copies of one client: values of shared objects kept inside the component, each valid
 * under a lease its node granted with a read, so that a read within the lease costs no I/O. The
 * node revokes a copy before its own copy is invalidated or overwritten, over a WebSocket this
 * client keeps open ({@code /apps/APP/near}), and waits for the acknowledgement or the lease's
 * end; the client counts the lease from the instant it sent its read, earlier than the node's
 * grant on the same monotonic clock, so it stops using a copy no later than the node stops
 * waiting for it. Atomic consistency therefore holds for near reads as for the node's.
 *
 * <p>A copy is installed only under the connection's lock, so no write of this client slips between
 * the answer and the install; a revocation that overtook its grant is remembered per object
 * ({@code invalidUpTo}) so the grant is refused. When the channel cannot be opened or breaks,
 * every copy is dropped and all reads go to the node.
 */
final class NearCopies implements WebSocket.Listener, AutoCloseable {
    private static final long OPEN_TIMEOUT_MS = 5_000;
    /** How long closing waits for its close frame to leave. */
    private static final long CLOSE_WAIT_MS = 500;

    private record Copy(byte[] value, long seq, long expiresNanos) {
    }

    /** Per object: the copy (null when none) and the highest grant a revocation covered. */
    private record Entry(Copy copy, long invalidUpTo) {
    }

    private final URI uri;
    private final String authorization;
    private final NodeConnection connection;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean usable;
    private volatile boolean closed;
    private ExecutorService executor;
    private WebSocket socket;
    private CompletableFuture<WebSocket> sending;

    NearCopies(URI uri, String token, NodeConnection connection) {
        this.uri = uri;
        this.authorization = "Bearer " + token;
        this.connection = connection;
    }

    /**
     * Starts opening the channel, in the background: reads go to the node until the node named
     * the session, and for good if the channel cannot be opened (an older node, no WebSocket).
     */
    synchronized void start() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigne-near-copies");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpClient http = HttpClient.newBuilder().executor(executor)
                    .connectTimeout(Duration.ofMillis(OPEN_TIMEOUT_MS)).build();
            http.newWebSocketBuilder().header("Authorization", authorization).buildAsync(uri, this)
                    .whenComplete((ws, t) -> {
                        if (t != null) {
                            broken();
                        }
                    });
        } catch (RuntimeException e) {
            broken();
        }
    }

    @Override
    public synchronized void onOpen(WebSocket ws) {
        socket = ws;
        sending = CompletableFuture.completedFuture(ws);
        if (closed) {
            ws.abort();
            return;
        }
        ws.request(1);
    }

    /** The value of the copy of {@code name} if its lease still runs now, else null. */
    byte[] read(String name) {
        Entry e = entries.get(name);
        Copy c = e == null ? null : e.copy();
        if (c == null || !usable || System.nanoTime() - c.expiresNanos() >= 0) {
            return null;
        }
        return c.value().clone();
    }

    /**
     * Keeps {@code value} read with a request sent at {@code sentNanos} when the answer carried a
     * lease ({@code SEQ/LEASE_MS}) that no revocation has covered. Called under the connection's lock.
     */
    void install(String name, byte[] value, String lease, long sentNanos) {
        if (lease == null || !usable) {
            return;
        }
        int slash = lease.indexOf('/');
        long seq;
        long ms;
        try {
            seq = Long.parseLong(lease.substring(0, slash));
            ms = Long.parseLong(lease.substring(slash + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return;
        }
        Copy c = new Copy(value.clone(), seq, sentNanos + TimeUnit.MILLISECONDS.toNanos(ms));
        entries.compute(name, (k, e) -> e != null && seq <= e.invalidUpTo() ? e
                : new Entry(c, e == null ? 0 : e.invalidUpTo()));
    }

    /** Drops the copy of {@code name} (before this client writes it). Called under the connection's lock. */
    void drop(String name) {
        entries.computeIfPresent(name, (k, e) -> e.copy() == null ? e : new Entry(null, e.invalidUpTo()));
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String line = partial.toString();
            partial.setLength(0);
            onLine(line);
        }
        ws.request(1);
        return null;
    }

    private void onLine(String line) {
        if (line.startsWith("session ")) {
            String[] f = line.split(" ");
            try {
                long session = Long.parseLong(f[1]);
                if (!closed) {
                    usable = true;
                    connection.useSession(session);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                broken();
            }
            return;
        }
        int space = line.indexOf(' ');
        long seq;
        try {
            seq = Long.parseLong(line.substring(0, Math.max(0, space)));
        } catch (NumberFormatException e) {
            return;
        }
        String name = line.substring(space + 1);
        entries.compute(name, (k, e) -> {
            Copy keep = e != null && e.copy() != null && e.copy().seq() > seq ? e.copy() : null;
            return new Entry(keep, Math.max(seq, e == null ? 0 : e.invalidUpTo()));
        });
        acknowledge(line);
    }

    /** Sends {@code line} back once the copy is dropped; sends go one after the other, as the socket requires. */
    private synchronized void acknowledge(String line) {
        sending = sending.thenCompose(w -> w.sendText(line, true));
        sending.whenComplete((w, t) -> {
            if (t != null) {
                broken();
            }
        });
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        broken();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        broken();
    }

    /** No channel any more: nothing may be read from a copy the node can no longer revoke. */
    private void broken() {
        usable = false;
        entries.clear();
        connection.useSession(0);
    }

    /** Drops every copy, then says so with a close frame, which ends this session's leases on the node at once. */
    @Override
    public synchronized void close() {
        closed = true;
        usable = false;
        entries.clear();
        if (socket != null) {
            try {
                sending.thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "closed"))
                        .get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The node then waits for this session's leases to expire, as for a vanished component.
            }
            socket.abort();
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
