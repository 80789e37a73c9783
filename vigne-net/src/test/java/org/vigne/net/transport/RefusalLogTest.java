package org.vigne.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.net.NetNode;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.LogCapture;
import org.vigne.net.fixtures.Nodes;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;

/**
 * Log lines an unauthenticated peer can cause (finding 2 of issue 7): named by socket address,
 * escaped, and few however many bad handshakes arrive.
 */
class RefusalLogTest {
    private static final String FORGED_HOST = "10.9.8.7\n00:00:00.000 INFO  membership - evil joined the ring\u001b[2J";
    private static final int ATTEMPTS = 200;

    private final Nodes nodes = new Nodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void badHandshakes_areNamedBySocketAddress_escaped_andLoggedOncePerSource() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET);
        ClusterSecret wrong = ClusterSecret.of("not the grid's secret at all");
        try (LogCapture log = new LogCapture("org.vigne.net.transport.RefusalLog")) {
            for (int i = 0; i < ATTEMPTS; i++) {
                // Each attempt claims another handle, as an attacker varying its hello would.
                badHandshake(server.self(), wrong, new NodeHandle(Id.sha1("victim" + i), FORGED_HOST, 7000 + i));
            }
            Await.until("every attempt is refused", () -> server.stats().authFailures() == ATTEMPTS);

            assertThat(log.warnings()).singleElement().asString()
                    .matches("frame from 127\\.0\\.0\\.1:\\d+ refused: wrong cluster secret \\(HMAC mismatch\\)");
            assertThat(log.all()).allSatisfy(line -> assertThat(line).doesNotContain("10.9.8.7")
                    .doesNotContain("\n").doesNotContain("\u001b"));
        }
    }

    @Test
    void floodFromOneAddress_isOneLine_thenOneSummary() {
        EmbeddedChannel clock = new EmbeddedChannel();
        clock.freezeTime();
        ScheduledExecutorService timers = clock.eventLoop();
        Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
        try (LogCapture log = new LogCapture(logger.getName())) {
            logger.setLevel(Level.INFO);
            RefusalLog refusals = new RefusalLog(() -> 0L, 50);
            for (int i = 0; i < 2000; i++) {
                refusals.refuse(timers, "10.0.0.9", "10.0.0.9:" + (40000 + i), Refusal.WRONG_SECRET, null);
            }
            refusals.refuse(timers, "10.0.0.10", "10.0.0.10:5000", Refusal.TOO_BIG, "handshake limit 344 bytes");
            assertThat(log.warnings()).hasSize(2);

            clock.advanceTimeBy(50, TimeUnit.MILLISECONDS);
            clock.runScheduledPendingTasks();
            assertThat(log.warnings()).containsExactly(
                    "frame from 10.0.0.9:40000 refused: wrong cluster secret (HMAC mismatch)",
                    "frame from 10.0.0.10:5000 refused: frame too big: handshake limit 344 bytes",
                    "1999 more refusals from 10.0.0.9 suppressed in the last 50 ms (wrong cluster secret (HMAC mismatch))");
        } finally {
            logger.setLevel(null);
            clock.finishAndReleaseAll();
        }
    }

    @Test
    void peerText_isEscaped() {
        assertThat(LogText.safe("a\nb\u001b[31mc\\d\u202ee\u0000")).isEqualTo("a\\nb\\x1b[31mc\\\\d\\u202ee\\x00");
        assertThat(LogText.safe("x".repeat(1000))).hasSize(LogText.MAX_CHARS + "...(1000 chars)".length());
    }

    /** Connects, takes the server's nonce and answers it with a proof made with {@code secret}. */
    private static void badHandshake(NodeHandle server, ClusterSecret secret, NodeHandle claimed) throws Exception {
        try (RawPeer peer = RawPeer.connect(server)) {
            byte[] hello = peer.readFrame();
            byte[] nonce = new byte[Frames.NONCE_BYTES];
            new SecureRandom().nextBytes(nonce);
            byte[] handle = HandleBytes.encode(claimed);
            HandshakeTranscript t = new HandshakeTranscript(Arrays.copyOfRange(hello, Frames.HEADER_BYTES, hello.length),
                    nonce, handle);
            peer.write(RawPeer.bytes(Frames.handshake(Frames.Kind.CLIENT_AUTH, nonce, t.clientProof(secret), handle)));
            assertThat(peer.closedByServer()).isTrue();
        }
    }
}
