package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sync.Notice;
import org.vigne.sync.OpKind;
import org.vigne.sync.Outcome;
import org.vigne.sync.SyncMessage;
import org.vigne.sync.SyncOp;

/**
 * The synchronisation service's messages on the wire (codes 600..699): every record round-trips,
 * also routed inside an overlay envelope, and a cut or garbled frame fails only as
 * {@link WireException}.
 */
class SyncWireTest {
    private final MessageCodec codec = ProtocolCodec.create();
    private final NodeHandle a = new NodeHandle(Id.sha1("a"), "127.0.0.1", 40001);
    private final NodeHandle b = new NodeHandle(Id.sha1("b"), "127.0.0.1", 40003);

    /** One sample of every wire record, with every field set and every operation kind. */
    private List<SyncMessage> samples() {
        List<SyncOp> ops = List.of(new SyncOp(OpKind.ARRIVE, "phase", 0, 2, 7, 3, a),
                new SyncOp(OpKind.DECLARE, "tokens", 1, 2, 0, 4, b),
                new SyncOp(OpKind.ACQUIRE, "tokens", 1, 2, 1, 2, b),
                new SyncOp(OpKind.RELEASE, "tokens", 1, 2, 2, 1, b));
        return List.of(
                new SyncMessage.Request("swmr-0a1b2c3d", ops, a, 1),
                new SyncMessage.Answer("swmr-0a1b2c3d", List.of(
                        new Notice(OpKind.ARRIVE, "phase", 0, 2, 7, Outcome.RELEASED, ""),
                        new Notice(OpKind.RELEASE, "tokens", 1, 2, 2, Outcome.REFUSED, "holds 0 permits"))),
                new SyncMessage.CombinerHint("swmr-0a1b2c3d", List.of(b, a)));
    }

    @Test
    void everySyncRecord_hasACode_inItsFamilyRange_andIsSampled() {
        List<Class<? extends Message>> sync = ProtocolCodec.records(SyncMessage.class);
        for (int i = 0; i < sync.size(); i++) {
            assertThat(codec.types().codeOf(sync.get(i))).isEqualTo(ProtocolCodec.SYNC_BASE + i);
        }
        assertThat(ProtocolCodec.SYNC_BASE + sync.size()).isLessThan(700);
        Set<Class<?>> sampled = new HashSet<>();
        samples().forEach(m -> sampled.add(m.getClass()));
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(sync);
    }

    @Test
    void everyRecord_roundTrips_alsoRouted() throws WireException {
        for (SyncMessage m : samples()) {
            assertThat(codec.decode(codec.encode(m))).as(m.getClass().getSimpleName()).isEqualTo(m);
            OverlayMessage.Route routed = new OverlayMessage.Route(Id.sha1("sync/swmr"), m, a, 9L, 3);
            Message back = codec.decode(codec.encode(routed));
            assertThat(((OverlayMessage.Route) back).payload()).isEqualTo(m);
        }
    }

    @Test
    void everyTruncation_failsWithWireExceptionOnly() throws WireException {
        assertThat(CodecChecks.everyTruncationFails(codec, samples())).isGreaterThan(200);
    }

    @Test
    void garbageAndFlippedBytes_failOnlyWithWireException_orDecodeToARegisteredRecord() throws WireException {
        CodecChecks.garbageFailsCleanly(codec, samples(), 20261205, 5000);
    }
}
