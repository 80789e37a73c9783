package org.vigne.dht;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * What a service above the DHT (application managers, object managers) is told about the keys
 * this node holds: when their replica set changes, and when this node becomes or stops being
 * their root. Installed with {@link Dht#setHandler}; all methods have empty defaults.
 *
 * <p><b>Which keys.</b> Only keys this node stores for the DHT. A key enters the node's view when
 * it is first stored here (a write, a repair, a hand-off) and leaves it when the node drops it
 * (handed off to the new replicas, or a tombstone collected). Replica sets are this node's view,
 * closest first, so the first element is the root: {@code KeyBasedRouting.replicaSet(key, r)},
 * except that a near neighbour the DHT suspects (silent for a few anti-entropy rounds) is skipped
 * in favour of the next closest node until it is heard from again or leaves the leaf set.
 *
 * <p><b>Order of calls, per key.</b> The calls for one key form one history:
 * <ol>
 *   <li>{@link #replicaSetChanged} calls chain: the first has an empty {@code oldSet}; each later
 *       {@code oldSet} equals the previous {@code newSet}; the last, when the node drops the key,
 *       has an empty {@code newSet}. No call has {@code oldSet} equal to {@code newSet}.</li>
 *   <li>{@link #rootGained} and {@link #rootLost} alternate, starting with {@code rootGained}.</li>
 *   <li>Within one change, {@code rootLost} comes <i>before</i> the {@code replicaSetChanged} that
 *       removes this node from the head of the set, and {@code rootGained} comes <i>after</i> the one
 *       that puts it there. So between {@code rootGained} and {@code rootLost} the latest
 *       {@code newSet} always starts with this node, and outside that interval it never does.</li>
 * </ol>
 * Changes are observed when the leaf set changes (batched: {@link DhtConfig#reactDelayMs()} after
 * the first change), on every anti-entropy round, and when a request for the key reaches this node;
 * a change that comes and goes between two observations may never be reported. Calls for
 * different keys come in no promised order.
 *
 * <p><b>Thread.</b> Every call runs on the node's event loop, like every other protocol handler:
 * never concurrently with another call or with a message handler of this node.
 *
 * <p><b>What a handler may do.</b> Read its own state, send messages through its own service,
 * schedule timers through {@code Env}, and call {@link Dht} operations (they are asynchronous:
 * their callbacks run later, never inside the handler). It must not block, and must be
 * deterministic given the calls it receives and the {@code Env} it uses (no wall clock, no
 * unseeded randomness), so simulated runs replay. An exception thrown by a handler is counted
 * and otherwise ignored: the DHT's own state has already changed and does not roll back.
 *
 * <p><b>Taking over replication.</b> A handler whose {@link #managesReplication()} returns true
 * takes over the copying of its DHT's keys (application managers move themselves through group
 * communication): the DHT then still stores what is written and acknowledges writes once r nodes
 * hold them, and still hands keys off on a graceful leave, but it no longer copies keys to new
 * replicas, reconciles replicas or drops keys on its own; it only informs.
 */
public interface DhtHandler {
    /**
     * The replica set of {@code key}, as this node sees it, went from {@code oldSet} to {@code newSet}
     * (both closest first; immutable). Empty {@code oldSet}: the node just started holding the key;
     * empty {@code newSet}: it just dropped it.
     */
    default void replicaSetChanged(Id key, List<NodeHandle> oldSet, List<NodeHandle> newSet) {
    }

    /** This node became the root of {@code key}: it now orders the key's versions and answers its requests. */
    default void rootGained(Id key) {
    }

    /** This node stopped being the root of {@code key}. */
    default void rootLost(Id key) {
    }

    /**
     * True when this handler moves its keys itself; the DHT then only informs (see the class comment).
     * Read when the handler is installed.
     */
    default boolean managesReplication() {
        return false;
    }
}
