package org.vigne.sim.data;

import java.util.HashMap;
import java.util.Map;
import org.vigne.data.NearCopyChannel;
import org.vigne.data.ObjectName;
import org.vigne.sim.SimNode;

/** One node's channel to its component sessions: a revocation reaches its session one loopback hop later. */
final class NearSessions implements NearCopyChannel {
    private final DataTestbed t;
    private final Map<Long, NearSession> sessions = new HashMap<>();

    private NearSessions(DataTestbed t) {
        this.t = t;
    }

    /** Installs a channel on {@code node}'s data service. */
    static NearSessions on(DataTestbed t, SimNode node) {
        NearSessions s = new NearSessions(t);
        DataNode.of(node).objects().setNearCopyChannel(s);
        return s;
    }

    NearSession open(SimNode node, long id, boolean stuck) {
        NearSession s = new NearSession(t, node, id, stuck);
        sessions.put(id, s);
        return s;
    }

    @Override
    public void revoke(long session, ObjectName name, long seq) {
        NearSession s = sessions.get(session);
        if (s != null) {
            t.sim.after(NearSession.HOP_MS, () -> s.onRevoke(name.name(), seq));
        }
    }
}
