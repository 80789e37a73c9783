package org.vigne.apps.exec;

import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Runs component instances on a node. Protocol code never starts a process itself: it asks its
 * node's executor, as it asks {@link org.vigne.core.Env} for time and sending (DESIGN.md,
 * "Application management"). The real runtime runs OS processes in sandboxes; the simulator
 * models them (work, speed, checkpoints) on virtual time. Results come back through the
 * {@link ExecutorListener}, in the order its contract gives.
 *
 * <p><b>Thread.</b> Every method is called on the node's event loop and returns at once; slow
 * work (writing inputs, starting and watching processes, reading outputs) happens elsewhere and
 * its results are posted back to the loop as listener calls, never inside the method.
 *
 * <p><b>Identity.</b> The executor does no fencing of its own: it runs what it is told, and tells
 * whose report each one is. Launching an instance that is still active here is a caller bug and
 * throws {@link IllegalStateException}; callers deduplicate retransmitted launch requests.
 */
public interface Executor {
    /** Installs the listener told about every instance (before the first launch). */
    void setListener(ExecutorListener listener);

    /**
     * Starts {@code request}'s instance: its sandbox gets the inputs and the checkpoint, then its
     * command runs. Problems are reported, not thrown: a missing command, an unwritable sandbox or
     * bad inputs end in {@link ExecutorListener#failedToStart}.
     *
     * @throws IllegalStateException when the instance is already active on this executor
     */
    void launch(LaunchRequest request);

    /**
     * Kills {@code instance} and every process it started (the whole process tree). An active
     * instance then reports {@code exited} with kind {@code KILLED} (or {@code failedToStart} if
     * it had not started yet). Returns false, and reports nothing, for an instance that is not
     * active here.
     */
    boolean kill(InstanceId instance);

    /** The instances launched here that have not reported {@code failedToStart} or {@code exited} yet, sorted. */
    SortedSet<InstanceId> active();

    /**
     * Forgets a finished instance: deletes its sandbox (work files, logs). For the caller to call
     * once it has stored what it needed; a no-op for unknown or active instances.
     */
    void discard(InstanceId instance);

    /**
     * Reads up to {@code maxBytes} of {@code instance}'s stdout (or stderr) from byte
     * {@code offset}, for a user who follows its logs while it runs. {@code done} gets the bytes
     * (empty when nothing more was written yet), or null when this executor keeps no logs of the
     * instance (never launched here, discarded, or an executor without logs, as the simulator's);
     * it is called on the event loop, at once or later. By default there are no logs.
     */
    default void readLog(InstanceId instance, boolean stderr, long offset, int maxBytes, Consumer<byte[]> done) {
        done.accept(null);
    }
}
