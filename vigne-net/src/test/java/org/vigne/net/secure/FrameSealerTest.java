package org.vigne.net.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vigne.net.secure.FrameRejectedException.Reason;
import org.vigne.net.wire.Frames;

class FrameSealerTest {
    private final ClusterSecret secret = ClusterSecret.of("s3cret");
    private final HandshakeTranscript transcript = new HandshakeTranscript(new byte[32], new byte[] {1}, new byte[] {2});
    private final byte[] plain = "the value".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedFrame_opensOnce_thenIsAReplay() throws FrameRejectedException {
        FrameSealer sealer = new FrameSealer(transcript.dataKey(secret));
        FrameOpener opener = new FrameOpener(transcript.dataKey(secret));
        byte[] frame = sealer.seal(plain);

        assertThat(open(opener, frame)).isEqualTo(plain);
        assertThatThrownBy(() -> open(opener, frame)).extracting(e -> ((FrameRejectedException) e).reason())
                .isEqualTo(Reason.REPLAYED);
        assertThat(open(opener, sealer.seal(plain))).isEqualTo(plain);
    }

    @Test
    void frameAfterAGap_isRefused_soNoFrameCanBeDroppedUnnoticed() throws FrameRejectedException {
        FrameSealer sealer = new FrameSealer(transcript.dataKey(secret));
        FrameOpener opener = new FrameOpener(transcript.dataKey(secret));
        byte[] first = sealer.seal(plain);
        sealer.seal(plain);
        byte[] third = sealer.seal(plain);

        assertThat(open(opener, first)).isEqualTo(plain);
        assertThatThrownBy(() -> open(opener, third)).extracting(e -> ((FrameRejectedException) e).reason())
                .isEqualTo(Reason.GAP);
    }

    @Test
    void ciphertextDoesNotShowTheValue() {
        byte[] frame = new FrameSealer(transcript.dataKey(secret)).seal(plain);

        assertThat(new String(frame, StandardCharsets.ISO_8859_1)).doesNotContain("the value");
    }

    @Test
    void otherSecretOrOtherSession_cannotOpen() {
        byte[] frame = new FrameSealer(transcript.dataKey(secret)).seal(plain);
        HandshakeTranscript other = new HandshakeTranscript(new byte[32], new byte[] {9}, new byte[] {2});

        assertThatThrownBy(() -> open(new FrameOpener(transcript.dataKey(ClusterSecret.of("other"))), frame))
                .extracting(e -> ((FrameRejectedException) e).reason()).isEqualTo(Reason.FORGED);
        assertThatThrownBy(() -> open(new FrameOpener(other.dataKey(secret)), frame))
                .extracting(e -> ((FrameRejectedException) e).reason()).isEqualTo(Reason.FORGED);
    }

    @Test
    void proofsDifferByRoleAndSecret() {
        assertThat(transcript.clientProof(secret)).isNotEqualTo(transcript.serverProof(secret));
        assertThat(transcript.clientProof(secret)).isNotEqualTo(transcript.clientProof(ClusterSecret.of("other")));
        assertThat(secret.toString()).doesNotContain("s3cret");
    }

    private static byte[] open(FrameOpener opener, byte[] frame) throws FrameRejectedException {
        byte[] body = Arrays.copyOfRange(frame, Frames.LENGTH_BYTES, frame.length);
        return opener.open(body, 0, body.length);
    }
}
