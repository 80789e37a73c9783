package org.vigne.apps.manager;

import java.util.List;

/**
 * What a node learns from its replicas of application managers as they apply commands: for the
 * node's leader-side driver (to act at once on a change) and for invariant checkers in the
 * simulator. Called on the node's event loop, right after each apply, by every replica ({@code command} is null for the
 * notice that the group lost a majority of its members). It is a
 * notification only: nothing it does may feed back into the manager's state, so replicas stay
 * deterministic.
 */
public interface ManagerHooks {
    /** No-op hooks. */
    ManagerHooks NONE = new ManagerHooks() {
    };

    /** {@code manager} applied the command at log {@code index}, which logged {@code events} (maybe none). */
    default void applied(ApplicationManager manager, long index, ManagerCommand command, List<ManagerEvent> events) {
    }

    /** The replica {@code manager} stops for good on this node (it left the group, or the node stops). */
    default void stopped(ApplicationManager manager) {
    }
}
