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
    int grants;
    final List<GroupReplica> watchers = new ArrayList<>(2);
    boolean silent;
    /** Position in the leases' watched list, -1 when no follower here watches this node. */
    int watchSlot = -1;

    /** Beats to leave at the end of this tick or handler (null when none), where to, and whether as a lease. */
    List<Beat> now;
    NodeHandle nowTo;
    boolean lease;
    /** Answers owed by the next heartbeat tick (null when none), where to, and this peer's place in the owed order. */
    List<Beat> owed;
    NodeHandle owedTo;
    int owedAt;

    LeasePeer(NodeHandle handle) {
        this.handle = handle;
    }
}
