package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.ByteRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Colour;
import org.vigne.net.fixtures.TestMessages.Note;
import org.vigne.net.fixtures.TestMessages.Sample;

class MessageCodecProperties {
    private final MessageCodec codec = TestMessages.codec();

    @Property(tries = 300, seed = "20240611")
    void everyMessage_roundTrips(@ForAll("messages") Message msg) throws WireException {
        Message back = codec.decode(codec.encode(msg));

        assertThat(back).usingRecursiveComparison().isEqualTo(msg);
    }

    @Property(tries = 500, seed = "20240611")
    void randomBytes_failOnlyWithWireException(@ForAll @Size(max = 500) byte[] bytes) {
        decodeQuietly(bytes);
    }

    @Property(tries = 500, seed = "20240611")
    void mutatedEncodings_failOnlyWithWireException(@ForAll("messages") Message msg,
                                                   @ForAll @IntRange(min = 0, max = 100_000) int where,
                                                   @ForAll @ByteRange(min = 1) byte flip) throws WireException {
        byte[] bytes = codec.encode(msg);
        bytes[where % bytes.length] ^= flip;

        decodeQuietly(bytes);
    }

    private void decodeQuietly(byte[] bytes) {
        try {
            codec.decode(bytes);
        } catch (WireException expected) {
            assertThat(expected).hasMessageNotContaining("\n");
        }
    }

    @Provide
    Arbitrary<Message> messages() {
        return message(3);
    }

    private Arbitrary<Message> message(int depth) {
        Arbitrary<Message> note = notes().map(n -> n);
        return depth == 0 ? note : Arbitraries.oneOf(note, samples(depth - 1).map(s -> s));
    }

    private Arbitrary<Note> notes() {
        return Combinators.combine(text().injectNull(0.1), Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                        Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(3), Arbitraries.of(Colour.class))
                .as(Note::new);
    }

    private Arbitrary<Sample> samples(int depth) {
        Arbitrary<Object[]> scalars = Combinators.combine(ids(), handles(), text(), Arbitraries.integers(),
                        Arbitraries.longs(), Arbitraries.doubles(), Arbitraries.of(true, false),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((id, h, s, i, l, d, b, bytes) -> new Object[] {id, h, s, i, l, d, b, bytes});
        Arbitrary<List<Message>> children = Arbitraries.lazy(() -> message(depth)).list().ofMaxSize(2);
        return Combinators.combine(scalars, ids().list().ofMaxSize(4),
                        Arbitraries.maps(text(), Arbitraries.longs()).ofMaxSize(3), Arbitraries.of(Colour.class),
                        children, Arbitraries.lazy(() -> message(depth)).injectNull(0.3))
                .as((o, ids, counts, colour, kids, nested) -> new Sample((Id) o[0], (NodeHandle) o[1], (String) o[2],
                        (int) o[3], (long) o[4], (double) o[5], (boolean) o[6], (byte[]) o[7], ids, counts, colour,
                        kids, nested));
    }

    private static Arbitrary<Id> ids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers()).as(Id::of);
    }

    private static Arbitrary<NodeHandle> handles() {
        return Combinators.combine(ids(), Arbitraries.strings().alpha().numeric().withChars('.', '-').ofMaxLength(30),
                Arbitraries.integers().between(0, 65535)).as(NodeHandle::new);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(20);
    }
}
