package org.vigne.dht;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.Item;
import org.vigne.dht.DhtMessage.Offer;
import org.vigne.dht.DhtMessage.Purpose;
import org.vigne.dht.DhtMessage.Transfer;

/**
 * Values (and hand-off offers of versions) to send in one pass over the keys, batched per
 * destination and purpose into {@link Transfer} (and {@link Offer}) messages of at most {@link DhtConfig#maxTransferBytes()} (a single larger value
 * goes alone). Flushed at the end of each pass, so nothing accumulates between passes.
 */
final class Outbox {
    private record Dest(NodeHandle to, Purpose purpose) {
    }

    private final DhtContext ctx;
    private final String dht;
    private final Map<Dest, List<Item>> pending = new LinkedHashMap<>();
    private final Map<NodeHandle, List<Item>> offers = new LinkedHashMap<>();

    Outbox(DhtContext ctx, String dht) {
        this.ctx = ctx;
        this.dht = dht;
    }

    void add(NodeHandle to, Purpose purpose, Item item) {
        if (to.id().equals(ctx.selfId())) {
            return;
        }
        pending.computeIfAbsent(new Dest(to, purpose), d -> new ArrayList<>()).add(item);
        if (purpose == Purpose.REPAIR) {
            ctx.counters.repairItemsSent++;
        }
    }

    /** Offers {@code item}'s version (not its value) to {@code to}, as a hand-off does first. */
    void offer(NodeHandle to, Item item) {
        if (!to.id().equals(ctx.selfId())) {
            offers.computeIfAbsent(to, n -> new ArrayList<>()).add(item);
        }
    }

    void flush() {
        for (Map.Entry<NodeHandle, List<Item>> e : offers.entrySet()) {
            List<Id> keys = new ArrayList<>();
            List<Long> versions = new ArrayList<>();
            for (Item it : e.getValue()) {
                keys.add(it.key());
                versions.add(it.version());
            }
            ctx.send(e.getKey(), new Offer(dht, keys, versions));
        }
        offers.clear();
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<Dest, List<Item>> e : pending.entrySet()) {
            List<Item> batch = new ArrayList<>();
            int bytes = 0;
            for (Item it : e.getValue()) {
                int size = it.sizeBytes();
                if (!batch.isEmpty() && bytes + size > ctx.config.maxTransferBytes()) {
                    send(e.getKey(), batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(it);
                bytes += size;
            }
            send(e.getKey(), batch);
        }
        pending.clear();
    }

    private void send(Dest d, List<Item> batch) {
        ctx.send(d.to(), new Transfer(dht, List.copyOf(batch), ctx.newId(), d.purpose()));
    }
}
