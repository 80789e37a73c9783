package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.net.fixtures.TestMessages;
import org.vigne.net.fixtures.TestMessages.Answer;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.fixtures.TestMessages.Colour;
import org.vigne.net.fixtures.TestMessages.Note;

class MessageCodecTest {
    private final MessageCodec codec = TestMessages.codec();
    private final Id key = Id.sha1("key");

    @Test
    void nestedPolymorphicMessage_roundTrips() throws WireException {
        Note note = new Note("hello", new byte[] {1, 2, 3}, Map.of("a", 1), Colour.GREEN);
        Ask ask = new Ask(7, key, note, List.of(key, Id.ZERO));

        Message back = codec.decode(codec.encode(ask));

        assertThat(back).isInstanceOf(Ask.class).usingRecursiveComparison().isEqualTo(ask);
    }

    @Test
    void idIsTwentyRawBytes() throws WireException {
        NodeHandle h = new NodeHandle(key, "127.0.0.1", 5000);
        byte[] bytes = codec.encode(new Answer(1, key, null, h));

        assertThat(indexOf(bytes, key.toBytes())).isNotNegative();
        assertThat(bytes.length).isLessThan(128);
    }

    @Test
    void unregisteredMessage_isRefusedOnEncode() {
        record Stray(int x) implements Message {
            @Override
            public int sizeBytes() {
                return 0;
            }
        }
        assertThatThrownBy(() -> codec.encode(new Stray(1))).isInstanceOf(WireException.class)
                .hasMessageContaining("not registered");
        assertThatThrownBy(() -> codec.encode(new Ask(1, key, new Stray(2), List.of())))
                .isInstanceOf(WireException.class).hasMessageContaining("not registered");
    }

    @Test
    void unknownTypeCode_isRefusedOnDecode() throws WireException {
        MessageCodec other = new MessageCodec().register(99, Note.class);
        byte[] bytes = other.encode(new Note("x", new byte[0], Map.of(), Colour.RED));

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(WireException.class);
    }

    @Test
    void nestedTypeCodeOutsideDeclaredFamily_isRefused() throws WireException {
        MessageCodec sender = new MessageCodec().register(5, Loose.class).register(3, Note.class);
        MessageCodec receiver = new MessageCodec().register(5, Strict.class).register(3, Note.class);
        byte[] bytes = sender.encode(new Loose(new Note("x", new byte[0], Map.of(), Colour.RED)));

        assertThatThrownBy(() -> receiver.decode(bytes)).isInstanceOf(WireException.class);
    }

    record Loose(Message inner) implements Message {
        @Override
        public int sizeBytes() {
            return 0;
        }
    }

    record Strict(TestMessages.EchoMsg inner) implements Message {
        @Override
        public int sizeBytes() {
            return 0;
        }
    }

    @Test
    void conflictingRegistrations_areRejected() {
        MessageCodec c = TestMessages.codec();
        c.register(1, Ask.class);
        assertThatThrownBy(() -> c.register(1, Note.class)).hasMessageContaining("already");
        assertThatThrownBy(() -> c.register(50, Ask.class)).hasMessageContaining("already");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
