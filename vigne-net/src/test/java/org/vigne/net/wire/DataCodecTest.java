package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.data.DataMessage;
import org.vigne.data.ObjectName;

/**
 * The shared objects' messages on the wire: every record round-trips, a cut or garbled frame fails
 * only as {@link WireException}, and a frame that decodes with missing fields is caught by
 * {@link DataMessage#wellFormed} (which the data service applies before any handler).
 */
class DataCodecTest {
    private final MessageCodec codec = ProtocolCodec.create();
    private final ObjectName counter = new ObjectName("job-0a1b2c3d", "counter");
    private final NodeHandle a = new NodeHandle(Id.sha1("a"), "127.0.0.1", 40001);
    private final NodeHandle b = new NodeHandle(Id.sha1("b"), "127.0.0.1", 40003);

    /** One sample of every wire record, with every field set. */
    private List<DataMessage> samples() {
        return List.of(
                new DataMessage.Access(counter, 2, DataMessage.Kind.WRITE, a, 17, b, 3),
                new DataMessage.ReadGrant(counter, 2, 17, new byte[] {1, 2, 3}, 9, 4, b),
                new DataMessage.Transfer(counter, 2, 5, new byte[] {7}, 10, List.of(a, b),
                        List.of(new DataMessage.Served(a.id(), 17)), b),
                new DataMessage.TransferAck(counter, 2, 5),
                new DataMessage.Invalidate(counter, 2, 10, b),
                new DataMessage.InvalidateAck(counter, 2, 10),
                new DataMessage.MasterIs(counter, 2, 5, b));
    }

    @Test
    void everyDataRecord_hasACode_inItsFamilyRange_andIsSampled() {
        List<Class<? extends Message>> data = ProtocolCodec.records(DataMessage.class);
        for (int i = 0; i < data.size(); i++) {
            assertThat(codec.types().codeOf(data.get(i))).isEqualTo(ProtocolCodec.DATA_BASE + i);
        }
        assertThat(ProtocolCodec.DATA_BASE + data.size()).isLessThan(600);
        Set<Class<?>> sampled = new HashSet<>();
        samples().forEach(m -> sampled.add(m.getClass()));
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(data);
    }

    @Test
    void everyRecord_roundTrips_andStaysWellFormed() throws WireException {
        for (DataMessage m : samples()) {
            Message back = codec.decode(codec.encode(m));

            assertThat(back).as(m.getClass().getSimpleName()).usingRecursiveComparison().isEqualTo(m);
            assertThat(DataMessage.wellFormed((DataMessage) back, 1 << 20, 1 << 16)).isTrue();
        }
    }

    @Test
    void everyTruncation_failsWithWireExceptionOnly() throws WireException {
        assertThat(CodecChecks.everyTruncationFails(codec, samples())).isGreaterThan(300);
    }

    @Test
    void anObjectNameOverTheBound_failsToDecode() throws WireException {
        String longName = "n".repeat(ObjectName.MAX_NAME_BYTES);
        byte[] bytes = codec.encode(new DataMessage.TransferAck(new ObjectName("app", longName), 1, 1));
        // Lengthen the name by one byte in place: 255 'n' become 256 on the wire.
        byte[] grown = grow(bytes, longName);

        assertThatThrownBy(() -> codec.decode(grown)).isInstanceOf(WireException.class)
                .hasMessageContaining("at most " + ObjectName.MAX_NAME_BYTES);
        String shorter = longName.substring(1);
        byte[] fits = grow(codec.encode(new DataMessage.TransferAck(new ObjectName("app", shorter), 1, 1)), shorter);
        assertThat(((DataMessage) codec.decode(fits)).object().name()).as("the same edit within the bound decodes")
                .isEqualTo(longName);
    }

    @Test
    void aFrameWithMissingFields_decodes_butIsNotWellFormed() throws WireException {
        // Fields are matched by name and missing ones read as null: an empty map is an Access with nothing in it.
        int code = codec.types().codeOf(DataMessage.Access.class);
        byte[] bytes = {(byte) 0x82, 0x63, (byte) ('0' + code / 100), (byte) ('0' + code / 10 % 10),
            (byte) ('0' + code % 10), (byte) 0xA0};
        Message m = codec.decode(bytes);

        assertThat(m).isInstanceOf(DataMessage.Access.class);
        assertThat(DataMessage.wellFormed((DataMessage) m, 1 << 20, 1 << 16)).isFalse();
    }

    @Test
    void garbageAndFlippedBytes_failOnlyWithWireException_orDecodeToARegisteredRecord() throws WireException {
        CodecChecks.garbageFailsCleanly(codec, samples(), 20261205, 5000);
    }

    /** {@code bytes} with the CBOR text string {@code s} (one-byte length: 0x78 NN) one character longer (0x79 NNNN). */
    private static byte[] grow(byte[] bytes, String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 2 + text.length <= bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0x78 && (bytes[i + 1] & 0xFF) == text.length
                    && Arrays.equals(bytes, i + 2, i + 2 + text.length, text, 0, text.length)) {
                int rest = bytes.length - i - 2 - text.length;
                byte[] out = new byte[bytes.length + 2];
                System.arraycopy(bytes, 0, out, 0, i);
                out[i] = 0x79;
                out[i + 1] = (byte) ((text.length + 1) >> 8);
                out[i + 2] = (byte) (text.length + 1);
                System.arraycopy(text, 0, out, i + 3, text.length);
                out[i + 3 + text.length] = text[0];
                System.arraycopy(bytes, i + 2 + text.length, out, i + 4 + text.length, rest);
                return out;
            }
        }
        throw new AssertionError("text not found in the encoding");
    }
}
