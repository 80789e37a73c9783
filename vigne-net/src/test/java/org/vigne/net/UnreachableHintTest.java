package org.vigne.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.transport.LinkPolicy;
import org.vigne.overlay.OverlayMessage;
import org.vigne.overlay.OverlayMessage.PeerUnreachable;

class UnreachableHintTest {
    private static final long HINT_MS = 200;
    /**
     * The least gap between two delivered hints. Reports are one period apart at least, but a gap
     * is timed when each hint reaches the service, which lags its report by however long the loop
     * waits for a core: under native epoll a dead peer is reported exactly one period after the
     * last report, so that lag shows in full (gaps of 159-180 ms at a machine load of 10-13; NIO
     * reported 40-60 ms later, which hid it). A quarter period of slack still fails a hint per
     * failed attempt, which comes once per backoff of 20-50 ms here (gaps of 89 ms at load 20 with
     * the limit disabled on purpose).
     */
    private static final long MIN_GAP_MS = HINT_MS * 3 / 4;

    /** Records the hints delivered to the node's overlay slot, with their arrival time. */
    private static final class HintRecorder implements Service {
        record Hint(NodeHandle peer, long atMs, Thread thread) {
        }

        final List<Hint> hints = new CopyOnWriteArrayList<>();
        private final NetNode[] node;

        HintRecorder(NetNode[] node) {
            this.node = node;
        }

        @Override
        public void onMessage(NodeHandle from, Message msg) {
            if (msg instanceof PeerUnreachable u) {
                hints.add(new Hint(u.peer(), node[0].nowMs(), Thread.currentThread()));
            }
        }
    }

    private final NetGroup group = NetGroup.create(1);
    private NetNode node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
        group.close();
    }

    private HintRecorder startNode() throws Exception {
        NetNode[] holder = new NetNode[1];
        HintRecorder rec = new HintRecorder(holder);
        NetConfig config = NetConfig.of(Id.sha1("a"), ClusterSecret.of("correct horse battery staple"), "127.0.0.1", 0)
                .withLinks(new LinkPolicy(LinkPolicy.DEFAULT_QUEUED_BYTES, 2000, 20, 50, HINT_MS));
        node = NetNode.start(config, TestMessages.codec(), group, n -> n.services().register(OverlayMessage.class, rec));
        holder[0] = node;
        return rec;
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void deadPeer_isReportedOnTheLoop_atMostOncePerHintPeriod() throws Exception {
        HintRecorder rec = startNode();
        NodeHandle dead = new NodeHandle(Id.sha1("dead"), "127.0.0.1", deadPort());
        Thread loop = node.call(Thread::currentThread).get();

        Await.until("four hints about the dead peer", () -> {
            node.send(dead, new Ask(1, Id.ZERO, null, List.of()));
            return rec.hints.size() >= 4;
        });

        assertThat(rec.hints).allSatisfy(h -> {
            assertThat(h.peer()).isEqualTo(dead);
            assertThat(h.thread()).isSameAs(loop);
        });
        for (int i = 1; i < rec.hints.size(); i++) {
            long gap = rec.hints.get(i).atMs() - rec.hints.get(i - 1).atMs();
            assertThat(gap).as("gap between hints %d and %d", i - 1, i).isGreaterThanOrEqualTo(MIN_GAP_MS);
        }
    }

    @Test
    void failedAttemptInsideAPeriod_yieldsOneTrailingHint_evenWithoutFurtherSends() throws Exception {
        HintRecorder rec = startNode();
        NodeHandle dead = new NodeHandle(Id.sha1("dead"), "127.0.0.1", deadPort());

        node.send(dead, new Ask(1, Id.ZERO, null, List.of()));
        Await.until("the first hint", () -> rec.hints.size() == 1);
        Await.until("a second connection attempt, after the backoff", () -> {
            node.send(dead, new Ask(2, Id.ZERO, null, List.of()));
            return node.stats().connectAttempts() >= 2;
        });

        Await.until("the trailing hint", () -> rec.hints.size() == 2);
        assertThat(rec.hints.get(1).atMs() - rec.hints.get(0).atMs()).isGreaterThanOrEqualTo(MIN_GAP_MS);
    }

    @Test
    void sendsDroppedDuringBackoff_areNoEvidence_andYieldNoHint() throws Exception {
        NetNode[] holder = new NetNode[1];
        HintRecorder rec = new HintRecorder(holder);
        NetConfig config = NetConfig.of(Id.sha1("a"), ClusterSecret.of("correct horse battery staple"), "127.0.0.1", 0)
                .withLinks(new LinkPolicy(LinkPolicy.DEFAULT_QUEUED_BYTES, 2000, 60_000, 60_000, 1));
        node = NetNode.start(config, TestMessages.codec(), group, n -> n.services().register(OverlayMessage.class, rec));
        holder[0] = node;
        NodeHandle dead = new NodeHandle(Id.sha1("dead"), "127.0.0.1", deadPort());
        node.send(dead, new Ask(1, Id.ZERO, null, List.of()));
        Await.until("the hint about the failed connection", () -> rec.hints.size() == 1);

        for (int i = 0; i < 100; i++) {
            node.send(dead, new Ask(i, Id.ZERO, null, List.of()));
        }
        Await.until("100 more sends dropped", () -> node.stats().droppedMessages() == 101);
        node.call(() -> null).get();

        assertThat(node.stats().connectAttempts()).isEqualTo(1);
        assertThat(rec.hints).hasSize(1);
    }

    @Test
    void closedPeer_isReported_whenItsConnectionBreaks() throws Exception {
        HintRecorder rec = startNode();
        NetNode peer = NetNode.start(NetConfig.of(Id.sha1("b"), ClusterSecret.of("correct horse battery staple"),
                "127.0.0.1", 0), TestMessages.codec(), group);
        node.send(peer.self(), new Ask(1, Id.ZERO, null, List.of()));
        Await.until("the connection opens", () -> peer.stats().messagesIn() == 1);
        assertThat(rec.hints).isEmpty();

        peer.close();

        Await.until("a hint about the closed peer", () -> !rec.hints.isEmpty());
        assertThat(rec.hints.get(0).peer()).isEqualTo(peer.self());
    }
}
