package org.vigne.net.exec;

import org.vigne.apps.exec.LaunchRequest;

/**
 * One instance of a {@link ProcessExecutor}, shared between the node's loop (which may kill it)
 * and the executor's threads (which start and watch its process). Its monitor orders a kill
 * against a start: a process attached after the kill is refused, and destroyed by its starter.
 */
final class RunningInstance {
    final LaunchRequest request;
    final Sandbox sandbox;
    private int checkpoints;
    private Process process;
    private boolean killed;

    RunningInstance(LaunchRequest request, Sandbox sandbox) {
        this.request = request;
        this.sandbox = sandbox;
    }

    /** Makes {@code p} the instance's process, unless it was killed (then false). */
    synchronized boolean attach(Process p) {
        if (killed) {
            return false;
        }
        process = p;
        return true;
    }

    /** Marks the instance killed; returns its current process to destroy, or null if none started. */
    synchronized Process markKilled() {
        killed = true;
        return process;
    }

    /** The sequence number of the instance's next checkpoint (1 for the first). */
    synchronized int nextCheckpoint() {
        return ++checkpoints;
    }

    synchronized boolean killed() {
        return killed;
    }
}
