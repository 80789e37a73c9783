package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.overlay.OverlayMessage;

class ProtocolCodecTest {
    private final MessageCodec codec = ProtocolCodec.create();

    @Test
    void everyWireRecordOfTheseFamilies_hasACode_inItsFamilyRange_sortedBySimpleName() {
        List<Class<? extends Message>> overlay = ProtocolCodec.records(OverlayMessage.class);
        List<Class<? extends Message>> dht = ProtocolCodec.records(DhtMessage.class);

        assertThat(overlay).isNotEmpty().doesNotContain(OverlayMessage.PeerUnreachable.class);
        assertThat(dht).isNotEmpty();
        for (int i = 0; i < overlay.size(); i++) {
            assertThat(codec.types().codeOf(overlay.get(i))).isEqualTo(ProtocolCodec.OVERLAY_BASE + i);
        }
        for (int i = 0; i < dht.size(); i++) {
            assertThat(codec.types().codeOf(dht.get(i))).isEqualTo(ProtocolCodec.DHT_BASE + i);
        }
        assertThat(overlay).extracting(Class::getSimpleName).isSorted();
        assertThat(codec.types().size()).isEqualTo(overlay.size() + dht.size()
                + ProtocolCodec.records(GcsMessage.class).size() + ProtocolCodec.records(RaftMessage.class).size()
                + ProtocolCodec.records(org.vigne.apps.node.AppsMessage.class).size()
                + ProtocolCodec.records(org.vigne.data.DataMessage.class).size()
                + ProtocolCodec.records(org.vigne.sync.SyncMessage.class).size());
    }

    @Test
    void transportHint_cannotBeSentOrReceived() {
        assertThat(codec.types().codeOf(OverlayMessage.PeerUnreachable.class)).isEqualTo(-1);
    }

    @Test
    void routedPayloadOfAnotherFamily_roundTrips() throws WireException {
        NodeHandle origin = new NodeHandle(Id.sha1("origin"), "127.0.0.1", 7400);
        Message payload = new DhtMessage.Request("default", Id.sha1("key"), DhtMessage.Op.PUT, new byte[] {1, 2, 3}, 0, 7,
                origin);
        OverlayMessage.Route route = new OverlayMessage.Route(Id.sha1("key"), payload, origin, 42, 3);

        Message back = codec.decode(codec.encode(route));

        assertThat(back).usingRecursiveComparison().isEqualTo(route);
    }
}
