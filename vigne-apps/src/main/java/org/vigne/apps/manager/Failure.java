package org.vigne.apps.manager;

import java.util.SortedMap;

/**
 * A failure of one component, as a fault-tolerance policy sees it: which component and
 * incarnation, whose fault it was, what happened, and the history a policy may weigh.
 *
 * @param appId        the application
 * @param component    the failed component's index
 * @param components   how many components the application has
 * @param incarnation  the incarnation that failed
 * @param cause        whose fault it was
 * @param detail       what happened, in one line ({@code exit code 3}, {@code node suspected: no heartbeat for 3 s})
 * @param exitCode     the process's exit code, or -1
 * @param restarts     restarts of this component so far after its own failures
 * @param nodeLosses   restarts of this component so far after the loss of its node
 * @param checkpoints  checkpoints of this component committed so far
 * @param parameters   the policy's parameters from the spec (empty for built-in policies)
 */
public record Failure(String appId, int component, int components, int incarnation, Cause cause, String detail,
                      int exitCode, int restarts, int nodeLosses, int checkpoints, SortedMap<String, String> parameters) {
    /** Whose fault a failure was. */
    public enum Cause {
        /** The component's own: a non-zero exit, a failure to start, an executor failure, refused outputs. */
        COMPONENT,
        /** Its node's: the node was suspected or declared dead, or could not fetch the component's files. */
        NODE
    }
}
