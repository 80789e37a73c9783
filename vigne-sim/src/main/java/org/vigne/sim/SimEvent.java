package org.vigne.sim;

/**
 * Something that happens at a virtual instant. Ordered by time, then by its key: for an event of
 * the world (scheduled from outside any node's event) the order of scheduling; for a node's event
 * the node that scheduled it and that node's own count (see {@link Simulator}).
 */
public abstract class SimEvent {
    /** The value of {@link #key} while the event is not in the queue. */
    static final long UNQUEUED = -1;
    long timeMs;
    /** Order among the events of one instant while queued, else {@link #UNQUEUED}. */
    long key = UNQUEUED;
    /** The node that handles the event (its partition runs it), or -1 for an event of the world. */
    int owner = -1;

    /** Virtual time at which the event fires. */
    public long timeMs() {
        return timeMs;
    }

    /** What the event is, for the message of a failure inside it. */
    protected String describe() {
        String name = getClass().getSimpleName();
        return name.isEmpty() ? "an event" : name;
    }

    /** Runs the event; called by the simulator at {@link #timeMs()}. */
    protected abstract void fire();
}
