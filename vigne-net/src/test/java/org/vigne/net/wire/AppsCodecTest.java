package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.apps.node.AppsMessage;
import org.vigne.apps.node.AppsMessage.AppBeat;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/** Application management's messages on the wire: every record round-trips, and cut frames fail only as {@link WireException}. */
class AppsCodecTest {
    private final MessageCodec codec = ProtocolCodec.create();
    private final NodeHandle a = new NodeHandle(Id.sha1("a"), "127.0.0.1", 45001);
    private final AppBeat beat = new AppBeat("job-0a1b2c3d", List.of(1L << 32 | 2, 7L), List.of(3L));

    /** One sample of every wire record, with every field set. */
    private List<AppsMessage> samples() {
        return List.of(
                new AppsMessage.SlotRequest(42, "job-0a1b2c3d", 1, 2, 1, a, 20_000, 3),
                new AppsMessage.SlotGranted(42, "job-0a1b2c3d", 1, 2, a),
                new AppsMessage.SlotRelease("job-0a1b2c3d", 1, 2),
                new AppsMessage.Beats(List.of(beat, new AppBeat("other-00000000", List.of(), List.of()))),
                new AppsMessage.RoutedBeat(Id.sha1("job-0a1b2c3d"), beat, a, 1),
                new AppsMessage.BeatAck(List.of("job-0a1b2c3d"), List.of("other-00000000"), List.of(beat)),
                new AppsMessage.ManagerHere("job-0a1b2c3d"),
                new AppsMessage.ViewChanged("job-0a1b2c3d"),
                new AppsMessage.LogRead(43, "job-0a1b2c3d", 1, 2, true, 1 << 20, 65_536),
                new AppsMessage.LogChunk(43, true, false, "one\ntwo\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void everyAppsRecord_hasACode_inItsFamilyRange_andIsSampled() {
        List<Class<? extends Message>> apps = ProtocolCodec.records(AppsMessage.class);
        for (int i = 0; i < apps.size(); i++) {
            assertThat(codec.types().codeOf(apps.get(i))).isEqualTo(ProtocolCodec.APPS_BASE + i);
        }
        Set<Class<?>> sampled = new HashSet<>();
        samples().forEach(m -> sampled.add(m.getClass()));
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(apps);
    }

    @Test
    void everyRecord_roundTrips() throws WireException {
        for (Message m : samples()) {
            assertThat(codec.decode(codec.encode(m))).as(m.getClass().getSimpleName()).isEqualTo(m);
        }
    }

    @Test
    void everyTruncation_failsWithWireExceptionOnly() throws WireException {
        assertThat(CodecChecks.everyTruncationFails(codec, samples())).isPositive();
    }
}
