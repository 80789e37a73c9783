package org.vigne.net.node;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.manager.ManagerHooks;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayListener;

/**
 * A node's trace, at DEBUG on the logger {@code org.vigne.trace} (off by default; run a node with
 * {@code -Dvigne.trace=DEBUG}): the overlay's suspicions and deaths, group leaders and
 * configurations, slow or failed submissions, and every command its application-manager replicas
 * apply, each line with the wall clock. It exists to explain a real run after the fact (for
 * example how long a restart took, step by step); it only reads.
 */
final class NodeTrace implements OverlayListener, GcsObserver, ManagerHooks {
    private static final Logger LOG = LoggerFactory.getLogger("org.vigne.trace");

    static boolean enabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public void departed(Overlay overlay, NodeHandle node, boolean graceful) {
        LOG.debug("overlay: {} {}", node, graceful ? "left" : "declared dead");
    }

    @Override
    public void suspected(Overlay overlay, NodeHandle node) {
        LOG.debug("overlay: {} suspected", node);
    }

    @Override
    public void leader(GroupId group, long generation, long term, Member member) {
        LOG.debug("gcs: leader of {} (generation {}, term {})", group, generation, term);
    }

    @Override
    public void configuration(GroupId group, long generation, Member member, long index, Configuration config) {
        LOG.debug("gcs: {} configuration at {}: {}", group, index, config);
    }

    @Override
    public void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult result) {
        if (!result.ok()) {
            LOG.debug("gcs: submission {}/{} to {} ended {}", clientId, seq, group, result.status());
        }
    }

    @Override
    public void applied(ApplicationManager manager, long index, ManagerCommand command, List<ManagerEvent> events) {
        LOG.debug("apps: {} applied {} {} -> {}", manager.appId(), index,
                command == null ? "(majority lost)" : command.getClass().getSimpleName(), events);
    }
}
