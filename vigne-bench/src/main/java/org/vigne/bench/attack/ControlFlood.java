package org.vigne.bench.attack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.vigne.net.node.HostPort;

/**
 * The attack of finding 3 of issue 7: {@code connections} control connections at once, without
 * the token, each sending the headers of a 1 MiB PUT and then only part of it (half the body, or
 * the headers cut short), then waiting for the node to close it.
 */
final class ControlFlood {
    private static final int BODY = 1024 * 1024;

    private final HostPort control;
    private final boolean partialHeaders;
    private final long[] closedAfterMs;
    private final boolean[] answered;
    private final long waitMs;

    ControlFlood(HostPort control, int connections, boolean partialHeaders, long waitMs) {
        this.control = control;
        this.partialHeaders = partialHeaders;
        this.closedAfterMs = new long[connections];
        this.answered = new boolean[connections];
        this.waitMs = waitMs;
    }

    /** Opens every connection, sends the partial requests, and returns once each is closed or waited out. */
    void run() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(closedAfterMs.length);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < closedAfterMs.length; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    closedAfterMs[k] = attack(k);
                } finally {
                    done.countDown();
                }
            }, "control-attacker-" + i);
            t.setDaemon(true);
            ts.add(t);
            t.start();
        }
        done.await();
    }

    /** Milliseconds from the end of the partial request until the node closed; -1 if still open after the wait. */
    private long attack(int k) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(control.host(), control.port()), 2000);
            s.setSoTimeout((int) waitMs);
            String head = "PUT /dht/default/attack-" + k + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY + "\r\n";
            if (partialHeaders) {
                s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                s.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(new byte[BODY / 2]);
            }
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) >= 0) {
                answered[k] |= n > 0;
            }
            return (System.nanoTime() - t0) / 1_000_000L;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return 0;
        }
    }

    Map<String, Object> figures() {
        long[] sorted = closedAfterMs.clone();
        Arrays.sort(sorted);
        long open = Arrays.stream(sorted).filter(ms -> ms < 0).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", closedAfterMs.length);
        m.put("partial", partialHeaders ? "headers" : "body");
        m.put("answered", (int) java.util.stream.IntStream.range(0, answered.length).filter(i -> answered[i]).count());
        m.put("stillOpenAfterWait", open);
        m.put("closedMedianMs", sorted[sorted.length / 2]);
        m.put("closedMaxMs", open > 0 ? -1 : sorted[sorted.length - 1]);
        return m;
    }
}
