package org.vigne.sync;

import java.util.List;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.OverlayMessage;

/**
 * The messages of the synchronisation service between nodes (answers travel as outputs of the
 * sync groups, through group communication). Sizes follow the explicit model of
 * {@link Message#sizeBytes()}.
 */
public sealed interface SyncMessage extends Message {

    /** True when {@code m} (or what it routes) belongs to the synchronisation service. */
    static boolean is(Message m) {
        Message x = m instanceof OverlayMessage.Route r ? r.payload() : m;
        return x instanceof SyncMessage;
    }

    /**
     * Operations of participants of {@code app} on node {@code origin}, for the node that combines
     * the application's operations into its sync group's log: sent straight to it when known,
     * else routed to the group's key. {@code hops} counts forwards, so a request never circles.
     */
    record Request(String app, List<SyncOp> ops, NodeHandle origin, int hops) implements SyncMessage {
        public Request {
            ops = List.copyOf(ops);
        }

        @Override
        public int sizeBytes() {
            int n = HEADER_BYTES + 2 + app.length() + 4 + NodeHandle.WIRE_BYTES + 4;
            for (SyncOp op : ops) {
                n += op.sizeBytes();
            }
            return n;
        }
    }

    /** The node that leads {@code app}'s sync group: where the origin may send its next requests directly. */
    record CombinerHint(String app, NodeHandle node) implements SyncMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 2 + app.length() + NodeHandle.WIRE_BYTES;
        }
    }
}
