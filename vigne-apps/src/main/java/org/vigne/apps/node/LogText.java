package org.vigne.apps.node;

/**
 * A piece of a component's stdout or stderr, for {@code vigne logs [--follow]}.
 *
 * @param appId       the application
 * @param component   the component
 * @param incarnation the incarnation whose logs these are (a follower starts again from 0 when it changes)
 * @param node        the node that ran or runs it ({@code host:port}), or empty
 * @param offset      where {@code data} starts in the log
 * @param data        the bytes read (empty: nothing more yet)
 * @param ended       true once the component will never run again and its logs were read from
 *                    what was stored when it ended: a follower stops when it gets no more data
 */
public record LogText(String appId, int component, int incarnation, String node, long offset, byte[] data,
                      boolean ended) {
}
