package org.vigne.apps.manager;

import java.util.Locale;

/**
 * One line of an application's event log, like HTCondor's job log: what happened, when (the
 * manager's clock, from the stamps of the commands it applied, so every replica writes the same
 * line), to which component instance and where.
 *
 * @param timeMs      the manager's clock when the event was committed
 * @param type        what happened
 * @param component   the component's index, or -1 for the application as a whole
 * @param incarnation the incarnation concerned, or -1
 * @param node        the node's address ({@code host:port}), or empty
 * @param detail      a readable detail, or empty
 */
public record ManagerEvent(long timeMs, Type type, int component, int incarnation, String node, String detail) {
    /** What an event says. */
    public enum Type {
        /** The manager accepted the application. */
        SUBMITTED,
        /** No node could take a component yet; {@code detail} says why. */
        PENDING,
        /** A node reserved slots for an incarnation and was told to launch it. */
        PLACED,
        /** The incarnation's process started. */
        STARTED,
        /** The incarnation took a checkpoint, now committed. */
        CHECKPOINTED,
        /** Every unfinished component took checkpoint round {@code detail}: the round is committed. */
        ROUND_COMMITTED,
        /** The incarnation's node is suspected (missed heartbeats, or declared dead). */
        SUSPECTED,
        /** The incarnation ended without success (exit code, failure, refused outputs). */
        EXITED,
        /** The incarnation never started; {@code detail} says why. */
        FAILED_TO_START,
        /** The policy restarts the component (or, with component -1, the application). */
        RESTARTED,
        /** The component completed; its outputs are committed. */
        COMPLETED,
        /** Every component completed. */
        APP_COMPLETED,
        /** The application failed; {@code detail} says why. */
        FAILED,
        /** The application was killed. */
        KILLED,
        /** The manager was rebuilt from its snapshot after every replica was lost. */
        REBUILT,
        /** The manager's group lost a majority of its members; recent commands may be lost. */
        RECOVERED,
        /** The application was removed with its files. */
        REMOVED;

        public String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ManagerEvent {
        if (type == null) {
            throw new IllegalArgumentException("an event needs a type");
        }
        node = node == null ? "" : node;
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(timeMs).append(' ').append(type.spelling());
        if (component >= 0) {
            b.append(" c").append(component);
            if (incarnation >= 0) {
                b.append(".i").append(incarnation);
            }
        }
        if (!node.isEmpty()) {
            b.append(" on ").append(node);
        }
        if (!detail.isEmpty()) {
            b.append(": ").append(detail);
        }
        return b.toString();
    }
}
