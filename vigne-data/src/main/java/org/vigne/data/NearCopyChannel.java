package org.vigne.data;

/**
 * Where a node's data service tells a component session to drop its near copy of an object: the
 * copy a component keeps inside its own process under a lease, one more level of Li's
 * write-invalidate below the node's copy. The runtime implements it (a channel each client keeps
 * open to its node); without one, the service grants no lease and everything reads through the node.
 *
 * <p>Called on the node's event loop, in the order the service decides. An implementation only
 * sends: it never calls back into the service before returning, and it may lose the message (a
 * session gone, a broken channel): the lease's expiry bounds the wait. The client answers through
 * {@link SharedObjects#leaseReleased} once it dropped the copy.
 */
public interface NearCopyChannel {
    /**
     * Asks {@code session} to drop its copy of {@code name} granted with sequence number
     * {@code seq} or earlier, never to install a grant up to {@code seq} that is still on its way,
     * and to acknowledge with that {@code seq}.
     */
    void revoke(long session, ObjectName name, long seq);
}
