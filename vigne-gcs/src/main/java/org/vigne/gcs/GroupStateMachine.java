package org.vigne.gcs;

/**
 * The deterministic state machine that every replica of a group runs (an application manager,
 * a barrier...). Group communication feeds every replica the same commands in the same order;
 * if the state machine is deterministic, every replica goes through the same states and computes
 * the same results and outputs (paper, Sect. 5: "all replicas output the same sequence of
 * messages").
 *
 * <p><b>Order and thread.</b> Calls come one at a time on the node's event loop, never
 * concurrently with each other or with any handler of the node. {@link #apply} is called once per
 * committed command, in log order, with strictly increasing indexes: there are no gaps, except that
 * a {@link #restore} replaces the whole state by the one at a later index (a replica that catches
 * up from a snapshot), after which applies continue from the index after it. A command that a
 * client retried (same client and sequence number) reaches {@code apply} once: client sessions
 * answer the retry with the first result.
 *
 * <p><b>Determinism.</b> {@code apply}, {@code recovered} and {@code restore} may depend only on
 * the state machine's own state and their arguments: no clock, no randomness, no I/O, no reading
 * of other services' state, no iteration over unordered hash collections whose order could differ
 * between replicas. Anything the state machine wants to do in the world goes out as a
 * {@link GroupOutput}; anything the world tells it comes in as a command (a failure detector's
 * suspicion is a command like any other). {@link #snapshot} must capture everything that later
 * calls depend on, so that a replica restored from it behaves exactly as one that applied the
 * whole log.
 *
 * <p><b>Who sends outputs, and why.</b> Every replica computes outputs; only the group's leader
 * sends them, when it applies the entry, and re-sends those its receivers have not acknowledged.
 * A new leader re-sends the outputs of the last entries before it took over whose
 * acknowledgement it never heard of (its predecessor may have crashed before sending them). So an
 * output may arrive more than once, and receivers drop copies by {@link OutputId}, with bounded
 * memory (the re-sending window is bounded too). Outputs to a node that the overlay declares dead
 * are given up.
 *
 * <p><b>Exceptions.</b> An exception thrown by {@code apply} or {@code recovered} is a bug of the
 * state machine: it is counted, the command gets an empty result, and the replica goes on with
 * the next entry, as every replica does the same (determinism makes them all throw alike). An
 * exception from {@code restore} drops the replica (it cannot follow the group).
 */
public interface GroupStateMachine {
    /** Applies the committed command at log index {@code index}. */
    Applied apply(long index, byte[] command);

    /** The whole state, as bytes {@link #restore} accepts. */
    byte[] snapshot();

    /** Replaces the whole state by the one {@link #snapshot} returned (on this or another replica). */
    void restore(byte[] snapshot);

    /**
     * The group lost the majority of its members and was rebuilt by the survivors from the state at
     * {@code lastIndex}: commands acknowledged after it may be lost when {@code mayHaveLostCommands}.
     * Called at the same point of the log on every replica; may produce outputs (e.g. re-ask the
     * world for state it might have missed).
     */
    default Applied recovered(long lastIndex, boolean mayHaveLostCommands) {
        return Applied.none();
    }

    /** This replica stops for good (removed from the group, or the node stops): release resources. */
    default void stopped() {
    }
}
