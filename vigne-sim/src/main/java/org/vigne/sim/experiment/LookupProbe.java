package org.vigne.sim.experiment;

import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.OverlayApplication;
import org.vigne.sim.SimNode;

/** The experiment's application on each node: it reports routed lookups delivered here. */
final class LookupProbe implements OverlayApplication {
    /** A lookup routed to a random key; {@code id} indexes the experiment's records. */
    record Lookup(int id) implements Message {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 4;
        }
    }

    /** Where deliveries are recorded. */
    interface Sink {
        void delivered(int lookupId, SimNode at, Id key, int hops);
    }

    private final SimNode node;
    private final Sink sink;

    LookupProbe(SimNode node, Sink sink) {
        this.node = node;
        this.sink = sink;
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        deliver(key, payload, origin, 0);
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin, int hops) {
        if (payload instanceof Lookup l) {
            sink.delivered(l.id(), node, key, hops);
        }
    }
}
