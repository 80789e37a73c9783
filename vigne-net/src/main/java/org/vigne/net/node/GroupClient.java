package org.vigne.net.node;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.vigne.core.Id;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;

/**
 * A thread-safe handle on a node's group communication, as {@link DhtClient} is on its DHTs: each
 * call hops onto the node's event loop, creates a group or submits a command there, and completes
 * with the group's one answer (on the loop, so callers should not block in a continuation). Groups
 * are named like DHT keys: the group {@code name} of kind {@code kind} is the key SHA-1(name) of
 * the DHT {@code kind}.
 */
public final class GroupClient {
    private final GridNode node;

    public GroupClient(GridNode node) {
        this.node = node;
    }

    /** The group a name stands for. */
    public static GroupId group(String kind, String name) {
        return new GroupId(kind, Id.sha1(name));
    }

    /** Creates {@code group} on its key's replica set, {@code initial} (may be empty) its first command. */
    public CompletableFuture<SubmitResult> create(GroupId group, byte[] initial) {
        return onLoop((g, done) -> g.createGroup(group, initial, done));
    }

    /** Submits {@code command} to {@code group}. */
    public CompletableFuture<SubmitResult> submit(GroupId group, byte[] command) {
        return onLoop((g, done) -> g.submit(group, command, done));
    }

    /** A call on the node's group service, reporting once to {@code done}. */
    private interface Op {
        void run(GcsService gcs, Consumer<SubmitResult> done);
    }

    private CompletableFuture<SubmitResult> onLoop(Op op) {
        CompletableFuture<SubmitResult> f = new CompletableFuture<>();
        node.net().execute(() -> op.run(node.gcs(), f::complete));
        return f;
    }
}
