package org.vigne.apps.exec;

import org.vigne.apps.files.FileSet;

/**
 * What an {@link Executor} reports about the instances it runs. Every report names its
 * {@link InstanceId} (application, component, incarnation), so the receiver can fence: a report
 * of an incarnation that is no longer current is ignored.
 *
 * <p><b>Order, per instance.</b> Each accepted {@link Executor#launch} produces exactly one of
 * these histories:
 * <ul>
 *   <li>{@link #failedToStart} — nothing ran (command not found, sandbox not writable, killed
 *       before it started);</li>
 *   <li>{@link #started}, then zero or more {@link #checkpointed}, then {@link #exited}, then,
 *       when the exit is of kind {@code EXITED}, one {@link #outputsReady}.</li>
 * </ul>
 * Nothing comes after {@code failedToStart}, after an {@code exited} of kind {@code KILLED} or
 * {@code FAILED}, or after {@code outputsReady}. A node that crashes takes its instances and
 * their pending reports with it: the protocol learns of that through failure detection, never
 * from the executor. Reports of different instances come in no promised order.
 *
 * <p><b>Thread.</b> Every call runs on the node's event loop, like every protocol handler: never
 * concurrently with another report or message handler of the node, and never inside an
 * {@link Executor} call (always later).
 *
 * <p><b>What a listener may do.</b> What any handler may: read and change its own state, send
 * through its service, schedule timers, call the {@link Executor} again (a relaunch, a kill). It
 * must not block. An exception thrown by a listener is logged or counted by the executor and
 * otherwise ignored: the executor's state has already moved on.
 */
public interface ExecutorListener {
    /** The instance's process is running. */
    void started(InstanceId instance);

    /** The instance never ran; {@code reason} says why in one line (e.g. {@code command not found: fooo}). */
    void failedToStart(InstanceId instance, String reason);

    /**
     * The instance exited with its checkpoint exit code and left {@code checkpoint} (the content of
     * its checkpoint directory); the executor is already running it on in the same sandbox.
     * {@code sequence} counts this instance's checkpoints from 1.
     */
    void checkpointed(InstanceId instance, int sequence, FileSet checkpoint);

    /** The instance's process is gone, and why. */
    void exited(InstanceId instance, ExitStatus status);

    /** What the instance left, collected after an exit of kind {@code EXITED}. */
    void outputsReady(InstanceId instance, Outputs outputs);
}
