package org.vigne.sim.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.NodeHandle;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.data.MasterValue;
import org.vigne.data.ObjectName;
import org.vigne.sim.SimNode;
import org.vigne.sync.SyncState;

/**
 * TEST DRIVER, not a protocol: stands in for the application manager (issue 10) of one simulated
 * application until that manager exists. It starts the application on chosen nodes, restarts it
 * in a new epoch from a coordinated checkpoint, changes its members and ends it, all in null
 * time, by calling the {@code ApplicationTable} of every live node it has told about the
 * application (the paper's simulator also took checkpoints and restarted in null time). The real
 * manager will do the same through replicated, ordered messages; experiments switch to it in
 * issues 10 and 12. The synchronisation service's epochs are the exception: they start through
 * the application's sync group, as the real manager will start them ({@link #startSync}).
 *
 * <p>Checkpoints read the master copies' values directly from the nodes: a privilege of a
 * driver that runs between events, used only when no access is in progress.
 */
public final class ApplicationManagerStandIn {
    private final String app;
    private final ConsistencyProtocol protocol;
    private long epoch = -1;
    private List<SimNode> members = List.of();
    private List<SimNode> initial = List.of();
    private final Map<SimNode, Integer> incarnations = new LinkedHashMap<>();
    private final Set<SimNode> told = new LinkedHashSet<>();
    private Map<String, byte[]> checkpoint = Map.of();
    private int syncAttempts;

    public ApplicationManagerStandIn(String app, ConsistencyProtocol protocol) {
        this.app = app;
        this.protocol = protocol;
    }

    public String application() {
        return app;
    }

    public ConsistencyProtocol protocol() {
        return protocol;
    }

    /** The current epoch: 0 after the first start, one more at every restart. */
    public long epoch() {
        return epoch;
    }

    /** The nodes running components now. */
    public List<SimNode> members() {
        return members;
    }

    /** The values the current epoch started from. */
    public Map<String, byte[]> checkpointValues() {
        return checkpoint;
    }

    /**
     * Starts the next epoch (the first one when never started) on {@code nodes}, the objects holding
     * {@code values}. Every node told before learns the epoch too, so its old copies go.
     */
    public void start(List<SimNode> nodes, Map<String, byte[]> values) {
        epoch++;
        members = List.copyOf(nodes);
        initial = members;
        incarnations.clear();
        for (SimNode n : members) {
            incarnations.put(n, n.incarnation());
        }
        checkpoint = Map.copyOf(values);
        told.addAll(members);
        List<NodeHandle> handles = handles(members);
        for (SimNode n : told) {
            DataNode d = DataNode.of(n);
            if (d != null) {
                d.applications().start(app, protocol, epoch, handles, checkpoint);
            }
        }
    }

    /** Components now run on {@code nodes}, in the same epoch. */
    public void setMembers(List<SimNode> nodes) {
        List<NodeHandle> initialHandles = handles(initial);
        members = List.copyOf(nodes);
        List<NodeHandle> handles = handles(members);
        for (SimNode n : members) {
            incarnations.putIfAbsent(n, n.incarnation());
            if (told.add(n) && DataNode.of(n) != null) {
                DataNode.of(n).applications().start(app, protocol, epoch, initialHandles, checkpoint);
            }
        }
        for (SimNode n : told) {
            DataNode d = DataNode.of(n);
            if (d != null) {
                d.applications().setMembers(app, handles);
            }
        }
    }

    /** The application ended: every node told about it learns so. */
    public void end() {
        for (SimNode n : told) {
            DataNode d = DataNode.of(n);
            if (d != null) {
                d.applications().end(app);
            }
        }
        members = List.of();
    }

    /**
     * Starts the current epoch in the application's synchronisation service from {@code state}
     * (epoch 0 creates its sync group), submitted from a live member's node and submitted again
     * from another until it is applied, unless a later epoch started meanwhile. Unlike the rest of
     * this driver it takes the real route (a command of the sync group), so it takes time:
     * {@code applied} runs once it is in. Participants of the epoch may start before: their
     * operations wait in the group for the epoch's start.
     */
    public void startSync(SyncState state, Runnable applied) {
        long forEpoch = state.epoch();
        List<SimNode> live = new ArrayList<>();
        for (SimNode n : members.isEmpty() ? told : members) {
            if (DataNode.of(n) != null) {
                live.add(n);
            }
        }
        if (live.isEmpty() || forEpoch != epoch) {
            return;
        }
        SimNode from = live.get(syncAttempts++ % live.size());
        DataNode.of(from).sync().control().startEpoch(app, state, r -> {
            if (r.ok()) {
                applied.run();
            } else if (forEpoch == epoch) {
                startSync(state, applied);
            }
        });
    }

    /** Ends the application in its synchronisation service too (best effort, from a live node). */
    public void endSync() {
        for (SimNode n : told) {
            DataNode d = DataNode.of(n);
            if (d != null) {
                d.sync().control().end(app, r -> { });
                return;
            }
        }
    }

    /** Members whose node crashed or left since it was chosen: the restart policy's trigger. */
    public List<SimNode> failedMembers() {
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : members) {
            if (!n.alive() || n.incarnation() != incarnations.get(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A coordinated checkpoint of {@code objects}, taken while no access is in progress: for each,
     * the value of the highest version any live node's master copy holds; an object no node has a
     * copy of was not touched in this epoch and keeps the epoch's starting value. Null when some
     * object was touched but has no live master (it was lost with a node: only a restart from an
     * older checkpoint helps).
     */
    public Map<String, byte[]> checkpoint(Collection<String> objects) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : objects) {
            ObjectName o = new ObjectName(app, name);
            MasterValue best = null;
            for (SimNode n : told) {
                DataNode d = DataNode.of(n);
                MasterValue v = d == null ? null : d.objects().masterValue(o);
                if (v != null && v.epoch() == epoch && (best == null || v.version() > best.version())) {
                    best = v;
                }
            }
            if (best != null) {
                out.put(name, best.value());
            } else if (touched(o)) {
                return null;
            } else if (checkpoint.containsKey(name)) {
                out.put(name, checkpoint.get(name));
            }
        }
        return out;
    }

    private boolean touched(ObjectName o) {
        for (SimNode n : told) {
            DataNode d = DataNode.of(n);
            if (d != null && d.objects().copyState(o) != null) {
                return true;
            }
        }
        return false;
    }

    private static List<NodeHandle> handles(List<SimNode> nodes) {
        List<NodeHandle> out = new ArrayList<>();
        for (SimNode n : nodes) {
            out.add(n.self());
        }
        return out;
    }
}
