package org.vigne.gcs;

import org.vigne.core.NodeHandle;

/**
 * A message a group's state machine asks to send as it applies a command: {@code payload} for the
 * {@link OutputReceiver} of the group's kind on node {@code target} (another node, or a client's).
 */
public record GroupOutput(NodeHandle target, byte[] payload) {
    public GroupOutput {
        if (target == null || payload == null) {
            throw new IllegalArgumentException("an output needs a target and a payload");
        }
    }
}
