package org.vigne.data;

import java.util.List;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * What the volatile data management service needs to know of the applications whose objects a
 * node holds: the narrow interface through which the application manager (issue 10) drives it.
 * One view per node; the data service reads it on the node's event loop and is told of changes
 * through its {@link Listener}.
 *
 * <p><b>Epochs.</b> An application runs in epochs: epoch 0 is its first start, and every restart
 * from a coordinated checkpoint begins the next epoch with the objects' values of that checkpoint.
 * Protocol messages carry their epoch; those of older epochs are dropped, so nothing of a run that
 * was rolled back can leak into the next.
 *
 * <p><b>Contract for the implementer</b> (the application manager):
 * <ol>
 *   <li>every node that runs components of the application when an epoch starts is told of that
 *       epoch (with the same member list and checkpoint values) before its components access objects;</li>
 *   <li>a node that stops running components is told ({@link Listener#membersChanged}) before the
 *       manager stops counting on it; from then on its copies never block a write;</li>
 *   <li>when a node running components fails, the application restarts in a new epoch (the lost
 *       node may have held a master copy: losing it is the manager's business, not the protocol's).</li>
 * </ol>
 */
public interface ApplicationView {

    /** What this node knows of an application. */
    enum Status {
        /** Never heard of here. */
        UNKNOWN,
        /** Running in some epoch. */
        RUNNING,
        /** Ended: its objects are gone. */
        ENDED
    }

    /** Told, on the node's event loop, when the view of an application changes. */
    interface Listener {
        /** {@code app} started epoch {@code epoch} (its first run or a restart from a checkpoint). */
        void epochStarted(String app, long epoch);

        /** The nodes running components of {@code app} changed within the current epoch. */
        void membersChanged(String app);

        /** {@code app} ended. */
        void ended(String app);
    }

    /** Installs the listener (the data service; one per view). */
    void setListener(Listener listener);

    Status status(String app);

    /** The current epoch of {@code app}, or -1 when it is not running here. */
    long epoch(String app);

    /** The protocol the application's spec names. */
    ConsistencyProtocol protocol(String app);

    /** The nodes running components of {@code app} now (empty when not running). */
    List<NodeHandle> members(String app);

    /** True when {@code node} runs components of {@code app} now. */
    boolean isMember(String app, Id node);

    /**
     * The node holding the master copy of object {@code key} when the current epoch started: the
     * node of the epoch's initial members closest to the key, the same on every node told of the
     * epoch. Null when the application is not running here.
     */
    NodeHandle initialMaster(String app, Id key);

    /** The value of object {@code name} in the checkpoint the current epoch started from (empty if none). */
    byte[] checkpointValue(String app, String name);

    /** The objects the checkpoint the current epoch started from holds (empty for a first start). */
    Set<String> checkpointObjects(String app);
}
