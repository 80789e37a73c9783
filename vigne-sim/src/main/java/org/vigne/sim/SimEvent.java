package org.vigne.sim;

/** Something that happens at a virtual instant. Ordered by time, then by the order of scheduling. */
public abstract class SimEvent {
    long timeMs;
    long seq;

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
