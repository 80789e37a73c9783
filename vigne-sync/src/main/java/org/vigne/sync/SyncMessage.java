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

    /**
     * Answers a combining node gives itself, without the group: when the group is gone (every
     * replica was lost), the operations it could not submit are answered {@link Outcome#BROKEN},
     * so their participants fail loudly and the application manager restarts the application
     * (which creates the group again from its checkpoint) rather than waiting forever.
     */
    record Answer(String app, List<Notice> notices) implements SyncMessage {
        public Answer {
            notices = List.copyOf(notices);
        }

        @Override
        public int sizeBytes() {
            int n = HEADER_BYTES + 2 + app.length() + 4;
            for (Notice x : notices) {
                n += 1 + 2 + x.name().length() + 4 + 8 + 8 + 1 + 2 + x.detail().length();
            }
            return n;
        }
    }

    /**
     * The node that leads {@code app}'s sync group, then the group's other members: where the
     * origin sends its next requests directly, and whom it tries next when the leader is silent
     * (a follower passes requests on to its leader), before routing to the key again.
     */
    record CombinerHint(String app, List<NodeHandle> members) implements SyncMessage {
        public CombinerHint {
            members = List.copyOf(members);
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 2 + app.length() + 4 + members.size() * NodeHandle.WIRE_BYTES;
        }
    }
}
