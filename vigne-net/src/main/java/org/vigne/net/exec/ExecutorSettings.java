package org.vigne.net.exec;

import java.util.List;

/**
 * Limits and environment of a node's {@link ProcessExecutor}.
 *
 * @param maxOutputBytes     outputs of one instance above this are refused (never truncated)
 * @param maxCheckpointBytes a checkpoint directory above this fails the instance
 * @param inheritedEnv       the node's environment variables a component also gets (the rest is not passed on)
 */
public record ExecutorSettings(long maxOutputBytes, long maxCheckpointBytes, List<String> inheritedEnv) {
    public ExecutorSettings {
        if (maxOutputBytes < 0 || maxCheckpointBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        inheritedEnv = List.copyOf(inheritedEnv);
    }

    /** 64 MiB of outputs, 64 MiB of checkpoint, and the node's PATH, HOME, USER, LOGNAME, LANG, LC_ALL, TZ, SHELL. */
    public static ExecutorSettings defaults() {
        return new ExecutorSettings(64L << 20, 64L << 20,
                List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "SHELL"));
    }

    public ExecutorSettings withLimits(long outputs, long checkpoint) {
        return new ExecutorSettings(outputs, checkpoint, inheritedEnv);
    }
}
