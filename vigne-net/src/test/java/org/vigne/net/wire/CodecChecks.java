package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.vigne.core.Message;

/** Checks every message family's codec test makes on its samples: broken frames fail only as {@link WireException}. */
final class CodecChecks {
    private CodecChecks() {
    }

    /** Every cut of every sample's encoding fails to decode, with a {@link WireException}; answers how many cuts. */
    static int everyTruncationFails(MessageCodec codec, List<? extends Message> samples) throws WireException {
        int refused = 0;
        for (Message m : samples) {
            byte[] bytes = codec.encode(m);
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] part = Arrays.copyOf(bytes, cut);
                assertThatThrownBy(() -> codec.decode(part)).as("%s cut at %d", m.getClass().getSimpleName(), cut)
                        .isInstanceOf(WireException.class);
                refused++;
            }
        }
        return refused;
    }

    /**
     * {@code rounds} encodings of samples, with one byte flipped or every byte random (seeded):
     * each decodes to a registered record or fails with a one-line {@link WireException}.
     */
    static void garbageFailsCleanly(MessageCodec codec, List<? extends Message> samples, long seed, int rounds)
            throws WireException {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < rounds; i++) {
            byte[] bytes = codec.encode(samples.get(rnd.nextInt(samples.size())));
            if (i % 2 == 0) {
                bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 + rnd.nextInt(255));
            } else {
                rnd.nextBytes(bytes);
            }
            try {
                Message m = codec.decode(bytes);
                assertThat(codec.types().codeOf(m.getClass())).isPositive();
            } catch (WireException expected) {
                assertThat(expected).hasMessageNotContaining("\n");
            }
        }
    }
}
