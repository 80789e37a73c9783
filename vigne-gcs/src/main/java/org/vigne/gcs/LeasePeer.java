package org.vigne.gcs;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage.Beat;

/**
 * What one node knows of another for group communication, in one object: when it was last heard
 * from, whom it is granted a lease, which followers here watch it ({@link NodeLeases}), and the
 * beats waiting to leave for it ({@link BeatBatcher}). Every message and every tick touches this
 * state for a handful of peers, so it lives together instead of in maps keyed by node.
 */
final class LeasePeer {
    final NodeHandle handle;
    long heardTick = -1;
    /** Its incarnation ({@link GcsContext#incarnation}) in its replicas' last message, 0 before one. */
    int incarnation;
    int grants;
    final List<GroupReplica> watchers = new ArrayList<>(2);
    boolean silent;
    /**
     * False only while this node is known to be out of the departed nodes ({@link GcsContext#heardFrom}):
     * every message is checked against them, and that lookup hashes the sender's id, out of the cache.
     * A new peer may have departed before it was known here, so it starts true.
     */
    boolean mayHaveDeparted = true;
    /** Position in the leases' watched list, -1 when no follower here watches this node. */
    int watchSlot = -1;

    /** A message leaves at the end of this tick or handler: where to, its beats (null while none), whether as a lease. */
    boolean nowListed;
    NodeHandle nowTo;
    List<Beat> now;
    boolean lease;
    /** A message is owed by the next heartbeat tick: where to, its answers (null while none), this peer's place in the owed order. */
    boolean owedListed;
    NodeHandle owedTo;
    List<Beat> owed;
    int owedAt;

    LeasePeer(NodeHandle handle) {
        this.handle = handle;
    }
}
