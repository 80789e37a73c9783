package org.vigne.net.sync;

import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.overlay.OverlayApplication;
import org.vigne.sync.Synchronisation;

/**
 * What stands between a real node's transport and its {@link Synchronisation}: a frame from the
 * network decodes into any shape its record allows (a notice without a kind, a list holding
 * null), and the service trusts its peers' shapes; a message whose handling throws is dropped
 * and counted as malformed here, so it never reaches the node's loop as an exception.
 */
public final class SyncGate implements Service, OverlayApplication {
    private final Synchronisation sync;

    public SyncGate(Synchronisation sync) {
        this.sync = sync;
    }

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        try {
            sync.onMessage(from, msg);
        } catch (RuntimeException e) {
            sync.counters().malformed++;
        }
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        try {
            sync.deliver(key, payload, origin);
        } catch (RuntimeException e) {
            sync.counters().malformed++;
        }
    }

    @Override
    public void departed(NodeHandle node, boolean graceful) {
        sync.departed(node, graceful);
    }

    @Override
    public void stop() {
        sync.stop();
    }
}
