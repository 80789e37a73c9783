package org.vigne.data;

/**
 * What one node's data service did, for measurement and tests. Plain counters, read on the
 * node's event loop (or by the simulator between events).
 */
public final class DataCounters {
    /** Client accesses started (reads, writes, compare-and-sets), including refused ones. */
    public long accesses;
    /** Accesses that needed an access request (a fault): the copy was invalid or not the master. */
    public long faults;
    /** Access requests sent by this node as requester, first attempts only. */
    public long requests;
    /** Access requests sent again by this node after a timeout. */
    public long retransmissions;
    /** DYN: requests sent to the backup object manager because the chain seemed broken. */
    public long backupRequests;
    /** Messages this node routed through the overlay (requests to managers, publications). */
    public long routed;
    /** Messages this node sent straight to another node. */
    public long direct;
    /** Access requests this node passed on to another node (manager redirects, chain hops). */
    public long forwarded;
    /** Invalidations sent (retransmissions included). */
    public long invalidations;
    /** Mastership hand-offs started by this node. */
    public long handOffs;
    /** Mastership received without a pending write (a duplicated request, or a relinquished master). */
    public long unsolicitedMasterships;
    /** Messages of an older epoch than this node's, dropped. */
    public long staleEpoch;
    /** Messages of an epoch this node has not been told of (it is not, or not yet, a member), not served. */
    public long unknownEpoch;
    /** Grants that arrived after their copy was invalidated (or for another request), dropped. */
    public long staleGrants;
    /** Messages with missing or out-of-range fields, dropped. */
    public long malformed;
    /** Write requests a master had served already (retransmissions that arrived late), dropped. */
    public long duplicateRequests;
    /** Access requests dropped: too many hops, no way on, a full queue, or a requester that runs no component. */
    public long droppedRequests;
    /** Object-manager records read from the objects DHT (a new root, or a forgotten record). */
    public long managerLookups;
    /** Object-manager records written to the objects DHT. */
    public long managerWrites;
    /** Leases granted to component sessions on this node's copies (near copies). */
    public long leasesGranted;
    /** Revocations of near copies sent to component sessions. */
    public long leaseRevocations;
    /** Leases a revocation waited out because their session did not acknowledge in time. */
    public long leasesExpired;
}
