package org.vigne.apps.node;

/**
 * Where the logs of a component's current (or last) incarnation are: on its node, in the
 * instance's sandbox ({@code DATA_DIR/sandboxes/SANDBOX/stdout} and {@code stderr}) while the
 * node keeps it, and, once the instance ended, their tails stored in the files DHT.
 *
 * @param appId       the application
 * @param component   the component's index
 * @param incarnation the incarnation
 * @param node        the node's address ({@code host:port}), or empty when not placed
 * @param nodeId      the node's id, or empty
 * @param sandbox     the sandbox's path relative to the node's {@code sandboxes/} directory
 * @param storedLogs  the path in the files DHT of the stored tails ({@code stdout}, {@code stderr}), or empty
 */
public record LogsLocation(String appId, int component, int incarnation, String node, String nodeId, String sandbox,
                           String storedLogs) {
}
