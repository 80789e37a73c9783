package org.vigne.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.net.NetNode;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.EchoService;
import org.vigne.net.fixtures.Nodes;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.fixtures.TestMessages.Colour;
import org.vigne.net.fixtures.TestMessages.Note;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.MessageCodec;

class ReplayAndSizeTest {
    private static final int MAX_FRAME = 64 * 1024;

    private final Nodes nodes = new Nodes();
    private final MessageCodec codec = TestMessages.codec();
    private final ClusterSecret secret = ClusterSecret.of(Nodes.SECRET);
    private final NodeHandle me = new NodeHandle(Id.sha1("raw"), "127.0.0.1", 1);

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void capturedFrame_replayedOnSameConnection_isRefused() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET);
        EchoService echo = nodes.echo(server);
        try (RawPeer peer = RawPeer.authenticated(server.self(), secret, me)) {
            byte[] captured = peer.seal(codec.encode(ask(1)));
            peer.write(captured);
            peer.write(captured);
            peer.write(peer.seal(codec.encode(ask(2))));

            Await.until("the frame sent after the replay arrives",
                    () -> echo.asks.stream().anyMatch(r -> ((Ask) r.msg()).requestId() == 2));
        }
        assertThat(echo.asks).extracting(r -> ((Ask) r.msg()).requestId())
                .as("requests delivered, in order: the replayed copy of request 1 must be refused").containsExactly(1L, 2L);
        assertThat(server.stats().replays()).as("replays counted").isEqualTo(1);
        assertThat(server.stats().authFailures()).isZero();
    }

    @Test
    void capturedFrame_replayedOnNewConnection_failsAuthentication() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET);
        EchoService echo = nodes.echo(server);
        byte[] captured;
        try (RawPeer first = RawPeer.authenticated(server.self(), secret, me)) {
            captured = first.seal(codec.encode(ask(1)));
            first.write(captured);
            Await.until("the original frame arrives", () -> echo.asks.size() == 1);
        }
        try (RawPeer second = RawPeer.authenticated(server.self(), secret, me)) {
            second.write(captured);

            assertThat(second.closedByServer()).isTrue();
        }
        assertThat(server.stats().authFailures()).isEqualTo(1);
        assertThat(echo.asks).hasSize(1);
    }

    @Test
    void frameOverTheLimit_isRefusedAndCounted_andTheNodeCarriesOn() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET, c -> c.withMaxFrameBytes(MAX_FRAME));
        NetNode client = nodes.start("client", Nodes.SECRET, c -> c.withMaxFrameBytes(MAX_FRAME));
        try (RawPeer peer = RawPeer.authenticated(server.self(), secret, me)) {
            ByteArrayOutputStream huge = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(huge);
            d.writeInt(MAX_FRAME + 1);
            d.write(new byte[1024]);
            peer.write(huge.toByteArray());

            assertThat(peer.closedByServer()).isTrue();
        }
        nodes.echo(client).ask(server.self(), ask(7)).get(10, TimeUnit.SECONDS);

        assertThat(server.stats().oversizedFrames()).isEqualTo(1);
        assertThat(server.stats().badFrames()).isEqualTo(1);
        assertThat(nodes.echo(server).asks).hasSize(1);
    }

    @Test
    void frameExactlyAtTheLimit_isAccepted() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET, c -> c.withMaxFrameBytes(MAX_FRAME));
        EchoService echo = nodes.echo(server);
        byte[] plain = largestMessage(MAX_FRAME - Frames.DATA_OVERHEAD);
        try (RawPeer peer = RawPeer.authenticated(server.self(), secret, me)) {
            peer.write(peer.seal(plain));

            Await.until("the full-size frame arrives", () -> echo.asks.size() == 1);
        }
        assertThat(((Note) ((Ask) echo.asks.get(0).msg()).payload()).data()).hasSizeGreaterThan(MAX_FRAME - 200);
        assertThat(server.stats().badFrames()).isZero();
    }

    private byte[] largestMessage(int size) throws Exception {
        for (int n = size; n > 0; n--) {
            byte[] b = codec.encode(new Ask(1, Id.ZERO, new Note("", new byte[n], Map.of(), Colour.RED), List.of()));
            if (b.length == size) {
                return b;
            }
        }
        throw new AssertionError("no message of exactly " + size + " bytes");
    }

    @Test
    void wrongSecret_rawClient_isClosedBeforeAnyDataIsAccepted() throws IOException {
        NetNode server = nodes.start("server", Nodes.SECRET);
        try (RawPeer peer = RawPeer.connect(server.self())) {
            byte[] hello = peer.readFrame();
            assertThat(hello[1]).isEqualTo(Frames.Kind.SERVER_HELLO.code());
            assertThat(RawPeerAttempt.withSecret(server.self(), ClusterSecret.of("wrong"), me)).isFalse();
        }
        Await.until("refused", () -> server.stats().authFailures() == 1);
        assertThat(server.stats().messagesIn()).isZero();
    }

    private static Ask ask(long id) {
        return new Ask(id, Id.sha1("k" + id), null, List.of());
    }

    /** Tries a full handshake with a given secret. */
    private static final class RawPeerAttempt {
        static boolean withSecret(NodeHandle server, ClusterSecret s, NodeHandle self) {
            try {
                RawPeer.authenticated(server, s, self).close();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
