package org.vigne.net.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.core.NodeHandle;
import org.vigne.net.transport.LogText;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayListener;

/**
 * Logs a node's membership events in one line each: its own join, a neighbour's departure
 * (graceful or declared dead) and a neighbour's suspicion. Runs on the node's event loop.
 * A local grid logs its nodes' joins at DEBUG (it prints one summary instead); a daemon at INFO.
 * Handles are escaped ({@link LogText}): their hosts come from other nodes' messages.
 */
public final class MembershipLog implements OverlayListener {
    private static final Logger LOG = LoggerFactory.getLogger("org.vigne.membership");

    private final boolean joinsAtInfo;
    /** Set when the whole grid stops: its nodes' departures are expected, not news. */
    private volatile boolean quiet;

    public MembershipLog(boolean joinsAtInfo) {
        this.joinsAtInfo = joinsAtInfo;
    }

    @Override
    public void joined(Overlay overlay) {
        if (joinsAtInfo) {
            LOG.info("{} joined the ring ({} leaf-set members)", LogText.safe(overlay.self()), overlay.leafSetMembers().size());
        } else {
            LOG.debug("{} joined the ring ({} leaf-set members)", LogText.safe(overlay.self()), overlay.leafSetMembers().size());
        }
    }

    /** From now on, log departures and suspicions at DEBUG only. */
    public void quiet() {
        quiet = true;
    }

    @Override
    public void departed(Overlay overlay, NodeHandle node, boolean graceful) {
        String self = LogText.safe(overlay.self());
        String neighbour = LogText.safe(node);
        if (quiet) {
            LOG.debug("{}: neighbour {} {}", self, neighbour, graceful ? "left" : "declared dead");
        } else if (graceful) {
            LOG.info("{}: neighbour {} left", self, neighbour);
        } else {
            LOG.warn("{}: neighbour {} declared dead", self, neighbour);
        }
    }

    @Override
    public void suspected(Overlay overlay, NodeHandle node) {
        if (quiet) {
            return;
        }
        LOG.info("{}: neighbour {} suspected (missed a probe)", LogText.safe(overlay.self()), LogText.safe(node));
    }
}
