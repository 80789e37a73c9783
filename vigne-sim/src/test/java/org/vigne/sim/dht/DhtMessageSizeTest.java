package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtResult;
import org.vigne.overlay.OverlayMessage;

/** Sanity of the explicit size model of the DHT's messages, which the bandwidth figures rest on. */
class DhtMessageSizeTest {
    private static final Id KEY = Id.sha1("key");
    private static final NodeHandle ORIGIN = new NodeHandle(Id.sha1("origin"), "sim", 3);

    private static List<DhtMessage> samples(byte[] value) {
        Item item = new Item(KEY, 65_537, value, false);
        return List.of(
                new DhtMessage.Request("bench", KEY, DhtMessage.Op.PUT, value, 0, 1, ORIGIN),
                new DhtMessage.Reply(1, DhtResult.Status.OK, value, 65_537, ""),
                new DhtMessage.Store("bench", item, 2, ORIGIN, 1, 3),
                new DhtMessage.StoreAck("bench", 2, KEY, 65_537),
                new DhtMessage.WriteAck(1, 65_537, 65_537, 3),
                new DhtMessage.VersionQuery("bench", KEY, 0, 3),
                new DhtMessage.VersionReply("bench", 3, KEY, 65_537, List.of(item)),
                new DhtMessage.Digest("bench", 42, 7),
                new DhtMessage.ConfirmDigest("bench", 42, 7, 99),
                new DhtMessage.DigestMatch("bench", 42, 7),
                new DhtMessage.Summary("bench", List.of(KEY), List.of(65_537L)),
                new DhtMessage.Fetch("bench", List.of(KEY)),
                new DhtMessage.Transfer("bench", List.of(item), 4, DhtMessage.Purpose.REPAIR),
                new DhtMessage.TransferAck("bench", 4, DhtMessage.Purpose.REPAIR, List.of(KEY), List.of(65_537L)),
                new DhtMessage.Offer("bench", List.of(KEY), List.of(65_537L)));
    }

    @Test
    void everyWireRecordIsSampled() {
        long wire = java.util.Arrays.stream(DhtMessage.class.getPermittedSubclasses())
                .filter(c -> c != Item.class).count();
        assertThat(samples(new byte[0])).hasSize((int) wire);
    }

    @Test
    void everyMessagePaysTheHeader_andItsFixedFields() {
        for (DhtMessage m : samples(new byte[0])) {
            assertThat(m.sizeBytes()).as(m.getClass().getSimpleName()).isGreaterThanOrEqualTo(Message.HEADER_BYTES + 8);
            assertThat(m.sizeBytes()).as(m.getClass().getSimpleName()).isLessThan(Message.HEADER_BYTES + 200);
        }
    }

    @Test
    void valuesAreChargedByteForByte() {
        List<DhtMessage> empty = samples(new byte[0]);
        List<DhtMessage> full = samples(new byte[1000]);
        for (int i = 0; i < empty.size(); i++) {
            DhtMessage e = empty.get(i);
            int carries = e instanceof DhtMessage.Request || e instanceof DhtMessage.Reply || e instanceof DhtMessage.Store
                    || e instanceof DhtMessage.VersionReply || e instanceof DhtMessage.Transfer ? 1000 : 0;
            assertThat(full.get(i).sizeBytes() - e.sizeBytes()).as(e.getClass().getSimpleName()).isEqualTo(carries);
        }
    }

    @Test
    void batchesCostTheirItems_andListsGrowPerKey() {
        Item a = new Item(KEY, 1, new byte[100], false);
        Item b = new Item(Id.sha1("other"), 2, new byte[50], true);
        DhtMessage.Transfer one = new DhtMessage.Transfer("bench", List.of(a), 1, DhtMessage.Purpose.HANDOFF);
        DhtMessage.Transfer two = new DhtMessage.Transfer("bench", List.of(a, b), 1, DhtMessage.Purpose.HANDOFF);
        DhtMessage.Summary s1 = new DhtMessage.Summary("bench", List.of(KEY), List.of(1L));
        DhtMessage.Summary s2 = new DhtMessage.Summary("bench", List.of(KEY, KEY), List.of(1L, 2L));

        assertThat(two.sizeBytes() - one.sizeBytes()).isEqualTo(b.sizeBytes()).isEqualTo(Id.BYTES + 8 + 4 + 50 + 1);
        assertThat(s2.sizeBytes() - s1.sizeBytes()).isEqualTo(Id.BYTES + 8);
    }

    @Test
    void aRoutedRequestCostsItsPayloadPlusTheRoutingEnvelope() {
        DhtMessage.Request q = new DhtMessage.Request("bench", KEY, DhtMessage.Op.GET, new byte[0], 0, 1, ORIGIN);
        OverlayMessage.Route r = new OverlayMessage.Route(KEY, q, ORIGIN, 9, 1);

        assertThat(r.sizeBytes()).isEqualTo(q.sizeBytes() + Id.BYTES + NodeHandle.WIRE_BYTES + 8 + 4);
        assertThat(DhtMessage.maintenance(r)).as("a routed client request is not maintenance").isFalse();
        assertThat(DhtMessage.maintenance(new DhtMessage.Digest("bench", 1, 1))).as("a digest is").isTrue();
    }
}
