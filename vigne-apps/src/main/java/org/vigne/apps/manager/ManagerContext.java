package org.vigne.apps.manager;

import java.util.ArrayList;
import java.util.List;
import org.vigne.apps.manager.ManagerEvent.Type;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GroupOutput;

/**
 * The state a manager's command handlers work on while one command is applied: the replicated
 * state, the policy, the manager's clock, and what the command produced (orders to nodes, events).
 */
final class ManagerContext {
    ManagerState s;
    Policies policies;
    long now;
    final List<GroupOutput> outputs = new ArrayList<>();
    final List<ManagerEvent> fresh = new ArrayList<>();

    /** Forgets what the previous command produced. */
    void clear() {
        outputs.clear();
        fresh.clear();
    }

    ComponentRecord component(int index) {
        return index >= 0 && index < s.components.length ? s.components[index] : null;
    }

    String name(ComponentRecord c) {
        return s.spec.components().get(c.index).name();
    }

    void order(NodeHandle to, HostOrder o) {
        outputs.add(new GroupOutput(to, HostOrder.encode(o)));
    }

    void log(Type type, int component, int incarnation, NodeHandle node, String detail) {
        ManagerEvent e = new ManagerEvent(now, type, component, incarnation, node == null ? "" : node.address(), detail);
        s.log(e);
        fresh.add(e);
    }
}
