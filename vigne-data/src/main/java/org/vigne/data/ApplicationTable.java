package org.vigne.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The {@link ApplicationView} of one node, updated by whoever manages applications: the
 * application manager once it exists (issue 10), a test driver until then. Every call must be
 * made on the node's event loop; each change is passed on to the listener at once.
 */
public final class ApplicationTable implements ApplicationView {
    /** Ended applications remembered (to answer {@code APPLICATION_ENDED} rather than {@code UNKNOWN}). */
    static final int ENDED_REMEMBERED = 1024;

    private final Map<String, Entry> running = new HashMap<>();
    private final Map<String, Boolean> ended = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    };
    private Listener listener;

    private static final class Entry {
        final ConsistencyProtocol protocol;
        final long epoch;
        final List<NodeHandle> initialMembers;
        final Map<String, byte[]> values;
        List<NodeHandle> members;

        Entry(ConsistencyProtocol protocol, long epoch, List<NodeHandle> members, Map<String, byte[]> values) {
            this.protocol = protocol;
            this.epoch = epoch;
            this.initialMembers = List.copyOf(members);
            this.members = this.initialMembers;
            this.values = Map.copyOf(values);
        }
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * {@code app} starts epoch {@code epoch} on {@code members}, its objects holding {@code values}
     * (the coordinated checkpoint it restarts from; empty for a first start). A call for an epoch
     * this node already knows (or an older one) is ignored, so the manager may repeat it.
     */
    public void start(String app, ConsistencyProtocol protocol, long epoch, List<NodeHandle> members,
                      Map<String, byte[]> values) {
        if (epoch < 0 || members.isEmpty()) {
            throw new IllegalArgumentException("an epoch is at least 0 and runs on at least one node");
        }
        Entry e = running.get(app);
        if ((e != null && e.epoch >= epoch) || ended.containsKey(app)) {
            return;
        }
        running.put(app, new Entry(protocol, epoch, members, values));
        if (listener != null) {
            listener.epochStarted(app, epoch);
        }
    }

    /** The nodes running components of {@code app} are now {@code members} (same epoch). */
    public void setMembers(String app, List<NodeHandle> members) {
        Entry e = running.get(app);
        if (e == null) {
            return;
        }
        e.members = List.copyOf(members);
        if (listener != null) {
            listener.membersChanged(app);
        }
    }

    /** {@code app} ended for good. */
    public void end(String app) {
        if (running.remove(app) == null && ended.containsKey(app)) {
            return;
        }
        ended.put(app, Boolean.TRUE);
        if (listener != null) {
            listener.ended(app);
        }
    }

    @Override
    public Status status(String app) {
        if (running.containsKey(app)) {
            return Status.RUNNING;
        }
        return ended.containsKey(app) ? Status.ENDED : Status.UNKNOWN;
    }

    @Override
    public long epoch(String app) {
        Entry e = running.get(app);
        return e == null ? -1 : e.epoch;
    }

    @Override
    public ConsistencyProtocol protocol(String app) {
        Entry e = running.get(app);
        return e == null ? ConsistencyProtocol.DEFAULT : e.protocol;
    }

    @Override
    public List<NodeHandle> members(String app) {
        Entry e = running.get(app);
        return e == null ? List.of() : e.members;
    }

    @Override
    public boolean isMember(String app, Id node) {
        Entry e = running.get(app);
        if (e == null) {
            return false;
        }
        for (NodeHandle h : e.members) {
            if (h.id().equals(node)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public NodeHandle initialMaster(String app, Id key) {
        Entry e = running.get(app);
        return e == null ? null : closest(key, e.initialMembers);
    }

    @Override
    public byte[] checkpointValue(String app, String name) {
        Entry e = running.get(app);
        byte[] v = e == null ? null : e.values.get(name);
        return v == null ? new byte[0] : v.clone();
    }

    @Override
    public Set<String> checkpointObjects(String app) {
        Entry e = running.get(app);
        return e == null ? Set.of() : e.values.keySet();
    }

    /** The node of {@code nodes} whose id is closest to {@code key} on the ring (null if none). */
    static NodeHandle closest(Id key, List<NodeHandle> nodes) {
        NodeHandle best = null;
        for (NodeHandle h : nodes) {
            if (best == null || key.compareCloseness(h.id(), best.id()) < 0) {
                best = h;
            }
        }
        return best;
    }

    /** Applications running here, for tools. */
    public List<String> runningApplications() {
        return new ArrayList<>(running.keySet());
    }
}
