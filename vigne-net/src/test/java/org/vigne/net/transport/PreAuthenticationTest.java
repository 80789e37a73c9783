package org.vigne.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.net.NetNode;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.Nodes;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.wire.Frames;

/**
 * What a peer that does not know the secret can cost a node (finding 1 of issue 7): a few
 * hundred bytes per connection, a bounded number of connections, for a short time.
 */
class PreAuthenticationTest {
    private final Nodes nodes = new Nodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void lengthPrefixOverTheHandshakeLimit_closesTheConnection_beforeAnythingIsBuffered() {
        TransportContext tc = new TransportContext(TestMessages.codec(), ClusterSecret.of(Nodes.SECRET),
                Frames.DEFAULT_MAX_FRAME_BYTES, 5000);
        EmbeddedChannel ch = new EmbeddedChannel(Pipelines.server(tc, (from, m) -> { }));
        ch.releaseOutbound();

        ch.writeInbound(Unpooled.wrappedBuffer(lengthPrefixAndZeros(Frames.DEFAULT_MAX_FRAME_BYTES, 1024)));

        assertThat(ch.isOpen()).isFalse();
        assertThat(tc.stats().oversizedFrames()).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void hugeFrameFromAnUnauthenticatedPeer_isRefusedAtOnce_andTheNodeCarriesOn() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET, c -> c.withHandshakeTimeoutMs(30_000));
        NetNode client = nodes.start("client", Nodes.SECRET);
        try (RawPeer attacker = RawPeer.connect(server.self())) {
            attacker.readFrame();
            attacker.write(lengthPrefixAndZeros(Frames.DEFAULT_MAX_FRAME_BYTES, 64 * 1024));

            Await.until("the oversized handshake frame is refused", () -> server.stats().oversizedFrames() == 1);
            assertThat(attacker.closedByServer()).isTrue();
        }
        nodes.echo(client).ask(server.self(), new Ask(1, Id.ZERO, null, List.of())).get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectionsPastThePerSourceLimit_areClosedAtOnce_whileOtherSourcesGetIn() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET, c -> c.withHandshakeTimeoutMs(30_000)
                .withHandshakeLimits(new HandshakeLimits(16, 4)));
        NetNode honest = nodes.start("honest", Nodes.SECRET);
        List<RawPeer> idle = new ArrayList<>();
        try {
            openIdle(server, 4, idle);
            try (RawPeer fifth = RawPeer.connectFrom(server.self(), "127.0.0.2")) {
                assertThat(fifth.closedByServer()).as("the fifth connection from 127.0.0.2 gets no hello").isTrue();
            }
            nodes.echo(honest).ask(server.self(), new Ask(1, Id.ZERO, null, List.of())).get(10, TimeUnit.SECONDS);
        } finally {
            closeAll(idle);
        }
        assertThat(server.stats().refusedConnections()).isEqualTo(1);
    }

    @Test
    void whenEverySlotIsTaken_theOldestIsClosed_soAnHonestPeerStillGetsIn() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET, c -> c.withHandshakeTimeoutMs(30_000)
                .withHandshakeLimits(new HandshakeLimits(4, 4)));
        NetNode honest = nodes.start("honest", Nodes.SECRET);
        List<RawPeer> idle = new ArrayList<>();
        try {
            openIdle(server, 4, idle);

            nodes.echo(honest).ask(server.self(), new Ask(1, Id.ZERO, null, List.of())).get(10, TimeUnit.SECONDS);

            assertThat(idle.get(0).closedByServer()).as("the oldest idle connection was closed").isTrue();
        } finally {
            closeAll(idle);
        }
        assertThat(server.stats().refusedConnections()).isEqualTo(1);
    }

    @Test
    void silentPeer_isClosedAfterTheTwoSecondDefaultHandshakeTimeout() throws Exception {
        NetNode server = nodes.start("server", Nodes.SECRET);
        try (RawPeer silent = RawPeer.connect(server.self())) {
            silent.readFrame();
            long t0 = System.nanoTime();

            assertThat(silent.closedByServer()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(1500L, 5000L);
        }
    }

    /** A length prefix announcing {@code length} bytes, then {@code zeros} of them. */
    static byte[] lengthPrefixAndZeros(int length, int zeros) {
        return ByteBuffer.allocate(Frames.LENGTH_BYTES + zeros).putInt(length).array();
    }

    /** Opens {@code n} connections from 127.0.0.2 that take the server's hello and say nothing more. */
    private static void openIdle(NetNode server, int n, List<RawPeer> into) throws IOException {
        for (int i = 0; i < n; i++) {
            RawPeer p = RawPeer.connectFrom(server.self(), "127.0.0.2");
            into.add(p);
            p.readFrame();
        }
    }

    private static void closeAll(List<RawPeer> peers) throws IOException {
        for (RawPeer p : peers) {
            p.close();
        }
    }
}
