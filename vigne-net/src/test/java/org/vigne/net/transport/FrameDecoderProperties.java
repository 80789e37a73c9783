package org.vigne.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ByteRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.FrameSealer;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;
import org.vigne.net.wire.WireException;

/**
 * The accepting pipeline, driven byte by byte in an embedded channel: whatever a peer sends, no
 * exception leaves the pipeline, nothing unauthenticated is delivered, and bad frames are counted.
 */
class FrameDecoderProperties {
    private static final ClusterSecret SECRET = ClusterSecret.of("property secret");
    private static final NodeHandle CLIENT = new NodeHandle(Id.sha1("client"), "127.0.0.1", 4000);
    private static final int MAX_FRAME = 16 * 1024;

    private TransportContext tc;
    private List<Message> delivered;
    private EmbeddedChannel channel;

    /** Thousands of deliberate refusals would bury the build log; the counters are asserted instead. */
    @BeforeContainer
    static void quietRefusals() {
        refusalLogger().setLevel(Level.ERROR);
    }

    @AfterContainer
    static void restoreRefusals() {
        refusalLogger().setLevel(null);
    }

    private static Logger refusalLogger() {
        return (Logger) LoggerFactory.getLogger("org.vigne.net.transport.RefusalLog");
    }

    /** jqwik keeps one instance per property, so every try starts here with a fresh connection. */
    private void connect() {
        tc = new TransportContext(TestMessages.codec(), SECRET, MAX_FRAME, 5000);
        delivered = new ArrayList<>();
        channel = new EmbeddedChannel(Pipelines.server(tc, (from, m) -> delivered.add(m)));
    }

    @Property(tries = 300, seed = "20240611")
    void randomBytes_neverEscapeTheDecoder_andDeliverNothing(@ForAll @Size(max = 3000) byte[] bytes,
                                                           @ForAll boolean authenticated) {
        connect();
        if (authenticated) {
            handshake();
        }

        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.finishAndReleaseAll();

        assertThat(delivered).isEmpty();
    }

    @Property(tries = 300, seed = "20240611")
    void randomFramesWithValidLength_areCountedAsBad(@ForAll @Size(max = 3000) byte[] body,
                                                     @ForAll boolean authenticated) {
        connect();
        if (authenticated) {
            handshake();
        }

        channel.writeInbound(framed(body));
        channel.finishAndReleaseAll();

        assertThat(delivered).isEmpty();
        assertThat(tc.stats().badFrames() + tc.stats().authFailures()).isEqualTo(1);
    }

    @Property(tries = 500, seed = "20240611")
    void mutatedValidFrames_areRefusedAndCounted(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                                 @ForAll @ByteRange(min = 1) byte flip) throws WireException {
        connect();
        FrameSealer sealer = handshake();
        byte[] frame = sealer.seal(TestMessages.codec().encode(new Ask(1, Id.sha1("k"), null, List.of())));
        int at = Frames.LENGTH_BYTES + where % (frame.length - Frames.LENGTH_BYTES);
        frame[at] ^= flip;

        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        channel.finishAndReleaseAll();

        assertThat(delivered).isEmpty();
        assertThat(tc.stats().badFrames() + tc.stats().authFailures()).isEqualTo(1);
    }

    @Property(tries = 300, seed = "20240611")
    void mutationsAnywhere_neverThrow_norDeliverTheMutatedFrame(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                                               @ForAll @ByteRange(min = 1) byte flip) throws WireException {
        connect();
        FrameSealer sealer = handshake();
        byte[] bad = sealer.seal(TestMessages.codec().encode(new Ask(1, Id.ZERO, null, List.of())));
        byte[] good = sealer.seal(TestMessages.codec().encode(new Ask(2, Id.ZERO, null, List.of())));
        bad[where % bad.length] ^= flip;

        channel.writeInbound(Unpooled.wrappedBuffer(bad, good));
        channel.finishAndReleaseAll();

        assertThat(delivered).allSatisfy(m -> assertThat(((Ask) m).requestId()).isEqualTo(2));
    }

    @Example
    void validFrame_isDelivered() throws WireException {
        connect();
        FrameSealer sealer = handshake();
        Ask ask = new Ask(1, Id.sha1("k"), null, List.of());

        channel.writeInbound(Unpooled.wrappedBuffer(sealer.seal(TestMessages.codec().encode(ask))));

        assertThat(delivered).containsExactly(ask);
        assertThat(tc.stats().badFrames() + tc.stats().authFailures()).isZero();
    }

    @Example
    void dataBeforeHandshake_isRefused() throws WireException {
        connect();
        byte[] key = new byte[32];
        FrameSealer stranger = new FrameSealer(new javax.crypto.spec.SecretKeySpec(key, "AES"));

        channel.writeInbound(Unpooled.wrappedBuffer(stranger.seal(TestMessages.codec().encode(
                new Ask(1, Id.ZERO, null, List.of())))));

        assertThat(delivered).isEmpty();
        assertThat(tc.stats().badFrames()).isEqualTo(1);
        assertThat(channel.isOpen()).isFalse();
    }

    /** Plays the client side of the handshake against the embedded server. */
    private FrameSealer handshake() {
        byte[] hello = RawPeer.bytes(channel.readOutbound());
        byte[] serverNonce = Arrays.copyOfRange(hello, Frames.LENGTH_BYTES + Frames.HEADER_BYTES, hello.length);
        byte[] clientNonce = new byte[Frames.NONCE_BYTES];
        new SecureRandom().nextBytes(clientNonce);
        byte[] handle = HandleBytes.encode(CLIENT);
        HandshakeTranscript t = new HandshakeTranscript(serverNonce, clientNonce, handle);
        channel.writeInbound(Frames.handshake(Frames.Kind.CLIENT_AUTH, clientNonce, t.clientProof(SECRET), handle));
        byte[] auth = RawPeer.bytes(channel.readOutbound());
        assertThat(Arrays.copyOfRange(auth, Frames.LENGTH_BYTES + Frames.HEADER_BYTES, auth.length))
                .isEqualTo(t.serverProof(SECRET));
        return new FrameSealer(t.dataKey(SECRET));
    }

    private static ByteBuf framed(byte[] body) {
        return Unpooled.buffer(body.length + 4).writeInt(body.length).writeBytes(body);
    }
}
