package org.vigne.apps.manager;

import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * One component in an application's status ({@code vigne status}).
 *
 * @param index          the component's index
 * @param name           its name
 * @param phase          where it stands
 * @param incarnation    its current incarnation
 * @param node           the node of the current incarnation ({@code host:port}), or empty
 * @param nodeId         that node's id in hexadecimal, or empty
 * @param restarts       restarts after its own failures
 * @param nodeLosses     restarts after the loss of its node
 * @param checkpoints    checkpoints committed so far
 * @param lastCheckpoint the stored path of the last committed checkpoint, or empty
 * @param exitCode       the exit code of its last end, or -1
 * @param outputs        the stored path of its committed outputs, or empty
 * @param logs           the stored path of its committed logs (stdout and stderr tails), or empty
 * @param problem        its last failure, or empty
 */
public record ComponentStatus(int index, String name, ComponentPhase phase, int incarnation, String node, String nodeId,
                              int restarts, int nodeLosses, int checkpoints, String lastCheckpoint, int exitCode,
                              String outputs, String logs, String problem) {
    /** The node of the current incarnation, from {@link #node} and {@link #nodeId}; null when it has none or they do not parse. */
    public NodeHandle host() {
        if (node == null || nodeId == null || node.isEmpty() || nodeId.isEmpty()) {
            return null;
        }
        int colon = node.lastIndexOf(':');
        try {
            return new NodeHandle(Id.fromHex(nodeId), node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
