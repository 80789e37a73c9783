package org.vigne.apps.node;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.core.NodeHandle;

/**
 * Leader-only soft state of one manager: tells the nodes of an application's components, with a
 * {@link AppsMessage.ViewChanged}, when what their data services derive their view from changes
 * (a component placed, started, ended or restarted somewhere, an incarnation replaced, the
 * application ended), so that they read its status then instead of polling it. Nodes that ran
 * components before the change are told too, once (their components ended or moved). A lost
 * notice is made up for by the nodes' slow poll; a new leader tells every node once.
 */
final class ViewNotices {
    /** What a view is derived from: the components on nodes, and whether the application ended. */
    private record Stamp(List<ApplicationManager.OnNode> onNodes, boolean ended) {
    }

    private Stamp last;
    private final Set<NodeHandle> told = new LinkedHashSet<>();

    /** Sends the notices {@code m}'s last change calls for; answers how many were sent. */
    int examine(ApplicationManager m, DriverContext ctx) {
        List<ApplicationManager.OnNode> on = m.onNodes();
        Stamp now = new Stamp(on, m.state().isFinal());
        if (now.equals(last)) {
            return 0;
        }
        last = now;
        Set<NodeHandle> to = new LinkedHashSet<>(told);
        told.clear();
        for (ApplicationManager.OnNode o : on) {
            to.add(o.node());
            told.add(o.node());
        }
        for (NodeHandle h : to) {
            ctx.env.send(h, new AppsMessage.ViewChanged(m.appId()));
        }
        return to.size();
    }
}
