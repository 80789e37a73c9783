package org.vigne.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.net.NetNode;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.LogCapture;
import org.vigne.net.fixtures.Nodes;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.FrameOpener;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;

/**
 * A rogue peer on either side of the handshake, written against the wire format and the published
 * scheme only (see {@link HandshakeTranscript}). As server, it faces a real node's outgoing
 * connection: whatever it does short of proving the cluster secret, the node must close the
 * connection without sealing a single message for it. As client, it faces a real node's listening
 * socket: a truncated, reordered or replayed handshake must be closed before any message is taken.
 */
class RogueHandshakeTest {
    private static final Ask ASK = new Ask(1, Id.sha1("for the server's eyes only"), null, List.of());

    private final Nodes nodes = new Nodes();
    private final ClusterSecret secret = ClusterSecret.of(Nodes.SECRET);
    private final SecureRandom random = new SecureRandom();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    /** The server's side of one scripted handshake with a real client. */
    @FunctionalInterface
    private interface ServerScript {
        void play(RawPeer client) throws IOException;
    }

    /** What a client's CLIENT_AUTH frame carries. */
    private record ClientAuth(byte[] nonce, byte[] proof, byte[] handle) {
        static ClientAuth read(RawPeer client) throws IOException {
            byte[] f = client.readFrame();
            assertThat(f[1]).as("kind of the client's answer to a server nonce").isEqualTo(Frames.Kind.CLIENT_AUTH.code());
            int at = Frames.HEADER_BYTES;
            return new ClientAuth(Arrays.copyOfRange(f, at, at + Frames.NONCE_BYTES),
                    Arrays.copyOfRange(f, at + Frames.NONCE_BYTES, at + Frames.NONCE_BYTES + Frames.PROOF_BYTES),
                    Arrays.copyOfRange(f, at + Frames.NONCE_BYTES + Frames.PROOF_BYTES, f.length));
        }

        HandshakeTranscript transcript(byte[] serverNonce) {
            return new HandshakeTranscript(serverNonce, nonce, handle);
        }
    }

    private byte[] nonce() {
        byte[] n = new byte[Frames.NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    private static void send(RawPeer peer, Frames.Kind kind, byte[]... parts) throws IOException {
        peer.write(RawPeer.bytes(Frames.handshake(kind, parts)));
    }

    // ---- the rogue as server: a real client must refuse ----------------------------------------

    @Test
    void honestServer_getsTheClientsMessage_soTheRogueHarnessCanTellAcceptanceFromRefusal() throws Exception {
        NetNode client = nodes.start("client", Nodes.SECRET);
        try (RogueServer rogue = new RogueServer()) {
            client.send(rogue.handle(), ASK);
            try (RawPeer conn = rogue.accept()) {
                byte[] ns = nonce();
                send(conn, Frames.Kind.SERVER_HELLO, ns);
                HandshakeTranscript t = ClientAuth.read(conn).transcript(ns);
                send(conn, Frames.Kind.SERVER_AUTH, t.serverProof(secret));
                byte[] data = conn.readFrame();
                byte[] plain = new FrameOpener(t.dataKey(secret)).open(data, 0, data.length);

                assertThat(TestMessages.codec().decode(plain)).isEqualTo(ASK);
            }
        }
        assertThat(client.stats().authFailures()).isZero();
    }

    @Test
    void serverWithTheWrongSecret_isRefused() throws Exception {
        clientMustRefuse("server proof made with another secret", conn -> {
            byte[] ns = nonce();
            send(conn, Frames.Kind.SERVER_HELLO, ns);
            ClientAuth auth = ClientAuth.read(conn);
            send(conn, Frames.Kind.SERVER_AUTH, auth.transcript(ns).serverProof(ClusterSecret.of("another secret")));
        });
    }

    /**
     * A server too slow to check our proof within its handshake timeout closes the connection as
     * one that refuses it does; only the timing tells them apart, and the log must not blame the
     * cluster secret alone (at load 20 a busy honest node read as one with another secret).
     */
    @Test
    void serverClosingPastTheHandshakeTimeout_isNotReportedAsAWrongSecret() throws Exception {
        NetNode client = nodes.start("client", Nodes.SECRET, c -> c.withHandshakeTimeoutMs(300));
        assertThat(warningAfterProofThenClose(client, 600)).contains("closed by the peer")
                .contains("past the handshake timeout").contains("too busy");
        assertThat(client.stats().authFailures()).as("a late close is not counted as a refused secret").isZero();
        assertThat(client.stats().messagesOut()).isZero();
    }

    @Test
    void serverClosingRightAfterTheProof_isReportedAsAnotherSecret() throws Exception {
        NetNode client = nodes.start("client", Nodes.SECRET);
        assertThat(warningAfterProofThenClose(client, 0)).contains("does not accept our cluster secret")
                .doesNotContain("too busy");
        Await.until("the refusal is counted", () -> client.stats().authFailures() == 1);
    }

    /** Makes {@code client} connect, reads its proof, waits {@code waitMs}, closes: the one warning logged. */
    private String warningAfterProofThenClose(NetNode client, long waitMs) throws Exception {
        try (LogCapture log = new LogCapture("org.vigne.net.transport.RefusalLog");
             RogueServer rogue = new RogueServer()) {
            client.send(rogue.handle(), ASK);
            try (RawPeer conn = rogue.accept()) {
                send(conn, Frames.Kind.SERVER_HELLO, nonce());
                ClientAuth.read(conn);
                Thread.sleep(waitMs);
            }
            Await.until("the client logs the close", () -> !log.warnings().isEmpty());
            assertThat(log.warnings()).hasSize(1);
            return log.warnings().get(0);
        }
    }

    @Test
    void serverReflectingTheClientsOwnProof_isRefused() throws Exception {
        clientMustRefuse("the client's own proof sent back as the server's", conn -> {
            send(conn, Frames.Kind.SERVER_HELLO, nonce());
            send(conn, Frames.Kind.SERVER_AUTH, ClientAuth.read(conn).proof());
        });
    }

    @Test
    void truncatedServerProof_isRefused_evenWhenItsBytesAreRight() throws Exception {
        clientMustRefuse("the right server proof, one byte short", conn -> {
            byte[] ns = nonce();
            send(conn, Frames.Kind.SERVER_HELLO, ns);
            byte[] proof = ClientAuth.read(conn).transcript(ns).serverProof(secret);
            send(conn, Frames.Kind.SERVER_AUTH, Arrays.copyOf(proof, proof.length - 1));
        });
    }

    @Test
    void truncatedServerNonce_isRefused() throws Exception {
        clientMustRefuse("a server nonce of 16 bytes", conn -> send(conn, Frames.Kind.SERVER_HELLO, new byte[16]));
    }

    @Test
    void proofBeforeTheNonce_isRefused() throws Exception {
        clientMustRefuse("a server proof before any nonce", conn -> send(conn, Frames.Kind.SERVER_AUTH, nonce()));
    }

    @Test
    void secondNonceInsteadOfAProof_isRefused() throws Exception {
        clientMustRefuse("a second server nonce where the proof belongs", conn -> {
            send(conn, Frames.Kind.SERVER_HELLO, nonce());
            ClientAuth.read(conn);
            send(conn, Frames.Kind.SERVER_HELLO, nonce());
        });
    }

    @Test
    void dataFrameInsteadOfAProof_isRefused() throws Exception {
        clientMustRefuse("a data frame where the proof belongs", conn -> {
            send(conn, Frames.Kind.SERVER_HELLO, nonce());
            ClientAuth.read(conn);
            send(conn, Frames.Kind.DATA, new byte[Frames.SEQ_BYTES + Frames.TAG_BYTES + 8]);
        });
    }

    /**
     * Makes a real node connect to a rogue server that plays {@code script}, then reads what the
     * node sends until it closes: it must close without a single data frame, count the refusal,
     * and seal no message.
     */
    private void clientMustRefuse(String what, ServerScript script) throws Exception {
        NetNode client = nodes.start("client", Nodes.SECRET);
        try (RogueServer rogue = new RogueServer()) {
            client.send(rogue.handle(), ASK);
            try (RawPeer conn = rogue.accept()) {
                script.play(conn);
                List<String> sent = new ArrayList<>();
                try {
                    for (byte[] f = conn.readFrameOrEnd(); f != null; f = conn.readFrameOrEnd()) {
                        sent.add(Frames.Kind.of(f[1]) + " frame of " + f.length + " bytes");
                        if (f[1] == Frames.Kind.DATA.code()) {
                            break;
                        }
                    }
                } catch (SocketTimeoutException e) {
                    fail(what + ": the client neither closed the connection nor sent anything for 10 s; it sent " + sent);
                }
                assertThat(sent).as("%s: frames the client sent instead of closing (it must seal nothing for a server"
                        + " that did not prove the cluster secret)", what).isEmpty();
            }
        }
        Await.until(what + ": the client counts the refused handshake",
                () -> client.stats().authFailures() + client.stats().badFrames() >= 1);
        assertThat(client.stats().messagesOut()).as("%s: messages the client sealed", what).isZero();
    }

    // ---- the rogue as client: a real server must refuse -----------------------------------------

    @Test
    void truncatedClientHandshake_isRefused() throws Exception {
        serverMustRefuse("a client handshake cut after its nonce", (server, conn) -> {
            conn.readFrame();
            send(conn, Frames.Kind.CLIENT_AUTH, nonce());
        });
    }

    @Test
    void dataBeforeTheClientHandshake_isRefused() throws Exception {
        serverMustRefuse("a data frame before any client proof", (server, conn) -> {
            conn.readFrame();
            send(conn, Frames.Kind.DATA, new byte[Frames.SEQ_BYTES + Frames.TAG_BYTES + 8]);
        });
    }

    @Test
    void serverNonceReflectedBackToTheServer_isRefused() throws Exception {
        serverMustRefuse("the server's own nonce frame sent back to it", (server, conn) -> conn.write(withPrefix(conn.readFrame())));
    }

    @Test
    void clientHandshakeReplayedFromAnEarlierConnection_isRefused() throws Exception {
        NodeHandle self = new NodeHandle(Id.sha1("replayer"), "127.0.0.1", 1);
        byte[][] captured = new byte[1][];
        serverMustRefuse("a valid client handshake captured on another connection", (server, conn) -> {
            try (RawPeer honest = RawPeer.connect(server)) {
                byte[] hello = honest.readFrame();
                byte[] nc = nonce();
                byte[] handle = HandleBytes.encode(self);
                HandshakeTranscript t = new HandshakeTranscript(
                        Arrays.copyOfRange(hello, Frames.HEADER_BYTES, hello.length), nc, handle);
                captured[0] = RawPeer.bytes(Frames.handshake(Frames.Kind.CLIENT_AUTH, nc, t.clientProof(secret), handle));
                honest.write(captured[0]);
                assertThat(honest.readFrame()[1]).as("the honest handshake it was captured from succeeded")
                        .isEqualTo(Frames.Kind.SERVER_AUTH.code());
            }
            conn.readFrame();
            conn.write(captured[0]);
        });
    }

    /** The client's side of one scripted handshake with a real server. */
    @FunctionalInterface
    private interface ClientScript {
        void play(NodeHandle server, RawPeer conn) throws IOException;
    }

    private void serverMustRefuse(String what, ClientScript script) throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET);
        long refusedBefore = server.stats().authFailures() + server.stats().badFrames();
        try (RawPeer conn = RawPeer.connect(server.self())) {
            script.play(server.self(), conn);
            assertThat(conn.closedByServer()).as("%s: the server closed the connection", what).isTrue();
        }
        Await.until(what + ": the server counts the refusal",
                () -> server.stats().authFailures() + server.stats().badFrames() > refusedBefore);
        assertThat(server.stats().messagesIn()).as("%s: messages the server took", what).isZero();
    }

    private static byte[] withPrefix(byte[] body) {
        byte[] out = new byte[Frames.LENGTH_BYTES + body.length];
        out[0] = (byte) (body.length >>> 24);
        out[1] = (byte) (body.length >>> 16);
        out[2] = (byte) (body.length >>> 8);
        out[3] = (byte) body.length;
        System.arraycopy(body, 0, out, Frames.LENGTH_BYTES, body.length);
        return out;
    }
}
