package org.vigne.dht;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage.WriteAck;

/**
 * The replicas' acknowledgements of one write, as the node that issued it collects them: the write
 * is acknowledged to the caller once {@code need - 1} distinct nodes other than the root hold the
 * version the root ordered, without waiting for the root to hear of it (as Hazelcast's backups
 * acknowledge the caller).
 *
 * <p>Why this keeps the promise "acknowledged = r nodes hold it": a replica acknowledges only a
 * {@link DhtMessage.Store} it received from the root and applied, and the root sends one only
 * after storing the version itself, so {@code need - 1} replica acknowledgements of a version mean
 * {@code need} holders of it, the root included: the count the root itself waits for. Versions are
 * unique per root incarnation ({@link Versions}), so acknowledgements of two writes of one request
 * (a retry that reached another root, or a root that ordered the write again after a replica showed
 * it a newer version) are never added together: only the highest version ordered counts. An
 * acknowledgement from a replica that holds a later version than the one it was sent means the root
 * ordered this write behind a version it did not know of; that version is then never acknowledged
 * here, and the write completes with the root's next order or its reply, as it did before.
 */
final class WriteAcks {
    /** The highest version ordered for the write that replicas acknowledged. */
    private long version;
    private int need;
    /** A replica holds a version later than {@link #version}: the root will order the write again. */
    private boolean overtaken;
    private final List<Id> holders = new ArrayList<>(2);

    /** Adds {@code from}'s acknowledgement; true when the write is now held by enough nodes. */
    boolean add(Id from, WriteAck a) {
        if (a.version() < version) {
            return false;
        }
        if (a.version() > version) {
            version = a.version();
            need = 0;
            overtaken = false;
            holders.clear();
        }
        need = Math.max(need, a.need());
        if (a.held() > a.version()) {
            overtaken = true;
        } else if (!holders.contains(from)) {
            holders.add(from);
        }
        return !overtaken && 1 + holders.size() >= need;
    }
}
