package org.vigne.gcs.raft;

import org.vigne.core.NodeHandle;

/**
 * One member of one group: a node and the id the group gave that node's replica when it was added.
 *
 * <p>The id is fresh for every addition, so a node that crashed and came back (without the log it
 * had: replicas keep their state in memory) or that was removed and later added again is a new
 * member, never the old one with its votes and acknowledgements forgotten (Raft's safety needs a
 * voter to keep what it promised).
 */
public record Member(NodeHandle node, long id) {
    /** Wire bytes: the node's handle and the id. */
    public static final int WIRE_BYTES = NodeHandle.WIRE_BYTES + 8;

    public Member {
        if (node == null) {
            throw new IllegalArgumentException("a member needs a node");
        }
    }

    /** Member ids are random 64-bit numbers, fresh for every addition: the id alone names the member. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Member m && m.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return node.id().shortString() + "/" + Long.toHexString(id & 0xFFFF);
    }
}
