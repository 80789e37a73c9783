package org.vigne.dht;

/** Counters of one node's DHT service, for measurement and tools; never needed for correctness. */
public final class DhtCounters {
    long handlerErrors;
    long callbackErrors;
    long unknownDht;
    long syncs;
    long syncTimeouts;
    long writesTimedOut;
    long repairItemsSent;
    long handedOff;
    long refusedBusy;
    long backgroundKeyVisits;

    /** Exceptions thrown by handlers (counted and ignored). */
    public long handlerErrors() {
        return handlerErrors;
    }

    /** Exceptions thrown by operation callbacks (counted and ignored). */
    public long callbackErrors() {
        return callbackErrors;
    }

    /** Messages naming a DHT this node has not created. */
    public long unknownDht() {
        return unknownDht;
    }

    /** Version syncs started by this node as root. */
    public long syncs() {
        return syncs;
    }

    /** Syncs that ended on their timeout with some replica silent. */
    public long syncTimeouts() {
        return syncTimeouts;
    }

    /** Writes this node ordered as root that were not acknowledged in time. */
    public long writesTimedOut() {
        return writesTimedOut;
    }

    /** Values sent by anti-entropy and re-replication. */
    public long repairItemsSent() {
        return repairItemsSent;
    }

    /** Keys dropped after the new replicas acknowledged them. */
    public long handedOff() {
        return handedOff;
    }

    /** Requests refused because too many were in flight. */
    public long refusedBusy() {
        return refusedBusy;
    }

    /**
     * Keys visited one by one by background work: re-observing keys after a view change, hand-offs,
     * and anti-entropy when digests differ. A round in which nothing changed visits none, however
     * many keys the node holds (the per-range summaries answer for them).
     */
    public long backgroundKeyVisits() {
        return backgroundKeyVisits;
    }
}
