package org.vigne.apps.manager;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigne.core.NodeHandle;

/**
 * Every input of an application manager, as it travels in its group's log (paper, Fig. 3): the
 * submission, placement decisions, a component's start, checkpoint and end reports, suspicions
 * of nodes, the user's kill and removal, a rebuild from a snapshot, and read-only queries. Every
 * replica applies the same commands in the same order and so decides alike.
 *
 * <p>Each command carries {@code timeMs}, the submitting node's clock when it was sent. The
 * manager's own clock is the largest stamp it has applied, so events and backoff deadlines are
 * the same on every replica.
 */
public sealed interface ManagerCommand {
    /** The submitting node's clock. */
    long timeMs();

    /**
     * A new application: its id, its spec ({@link org.vigne.apps.spec.SpecCodec} bytes), where its
     * inputs were stored (source as written in the spec, to the path in the files DHT), and the
     * node that submitted it.
     */
    record Submit(long timeMs, String appId, byte[] spec, SortedMap<String, String> inputs, NodeHandle submitter)
            implements ManagerCommand {
        public Submit {
            inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
        }
    }

    /** {@code node} reserved slots for incarnation {@code incarnation} of {@code component}. */
    record Placed(long timeMs, int component, int incarnation, NodeHandle node) implements ManagerCommand {
    }

    /** The placement search found no node for the pending components; {@code reason} says what it tried. */
    record Unplaced(long timeMs, String reason) implements ManagerCommand {
    }

    /** The instance's process started on {@code node}. */
    record Started(long timeMs, int component, int incarnation, NodeHandle node) implements ManagerCommand {
    }

    /** The instance took its {@code sequence}-th checkpoint, stored at {@code path} in the files DHT. */
    record Checkpointed(long timeMs, int component, int incarnation, NodeHandle node, int sequence, String path)
            implements ManagerCommand {
    }

    /**
     * The instance ended on {@code node}: how, its exit code (or -1), a readable detail, and where
     * its outputs and logs were stored (empty when none). {@code acceptedBefore}: a manager of this
     * application accepted this very report already, and the host sends it again because a rebuild
     * lost it; only such a report may complete an incarnation that started before the manager's
     * last lossy rebuild (see {@link ApplicationManager}'s fencing).
     */
    record Ended(long timeMs, int component, int incarnation, NodeHandle node, EndKind kind, int code, String detail,
                 String outputs, String logs, boolean acceptedBefore) implements ManagerCommand {
        public Ended(long timeMs, int component, int incarnation, NodeHandle node, EndKind kind, int code,
                     String detail, String outputs, String logs) {
            this(timeMs, component, incarnation, node, kind, code, detail, outputs, logs, false);
        }

        /** This report, marked as accepted once by a manager. */
        public Ended accepted() {
            return new Ended(timeMs, component, incarnation, node, kind, code, detail, outputs, logs, true);
        }
    }

    /** {@code node} is suspected while it should run the instance: a missed heartbeat, or the overlay declared it dead. */
    record Suspect(long timeMs, int component, int incarnation, NodeHandle node, String reason)
            implements ManagerCommand {
    }

    /** The user kills the application. */
    record Kill(long timeMs, String reason) implements ManagerCommand {
    }

    /** The user removes a finished application (its files go with it). */
    record Remove(long timeMs) implements ManagerCommand {
    }

    /**
     * The first command of a group rebuilt after every replica was lost: the manager's state from
     * its last snapshot in the snapshot DHT.
     */
    record Restore(long timeMs, byte[] snapshot, String reason) implements ManagerCommand {
    }

    /** A read: the result is the application's status and events; nothing changes. */
    record Query(long timeMs) implements ManagerCommand {
    }
}
