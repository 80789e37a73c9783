package org.vigne.sim.experiment;

import org.vigne.core.Id;
import org.vigne.sim.SimNode;

/**
 * Every lookup of an experiment: who issued it and when, whether and when it was first delivered,
 * in how many hops, whether to the true root. A lookup counts when its issuer was still alive
 * when its timeout expired.
 *
 * <p>A lookup is tallied as soon as its timeout has passed (a later delivery would not count), so
 * only the lookups still in flight are kept, in a ring: the log's memory follows the lookup rate,
 * not the length of the run (a 10-minute run of 100,000 nodes issues half a million lookups,
 * which kept whole took 45 MiB beside the nodes). The totals are those of the whole log tallied at
 * the end: whether an incarnation was alive at an instant already past does not change.
 */
final class LookupLog {
    private static final byte DELIVERED = 1;
    private static final byte CONSISTENT = 2;
    private final long timeoutMs;
    private long[] issuedMs = new long[1024];
    private long[] deliveredMs = new long[1024];
    private int[] hops = new int[1024];
    private byte[] flags = new byte[1024];
    private SimNode[] issuers = new SimNode[1024];
    private int[] incarnations = new int[1024];
    /** Lookups issued so far; lookup {@code i} sits at slot {@code i & (capacity - 1)} while in flight. */
    private int size;
    /** Lookups tallied so far: ids below this are no longer kept. */
    private int tallied;
    private long counted;
    private long delivered;
    private long consistent;
    private final IntStats hopStats = new IntStats();
    private final IntStats latencyStats = new IntStats();

    /** Totals over counted lookups. */
    record Summary(long counted, long delivered, long consistent, IntStats hops, IntStats latency) {
    }

    LookupLog(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /**
     * Records a lookup {@code issuer} routes at {@code atMs} (now or later: lookups are planned
     * ahead, and recorded in the order of their instants); tally expired ones first ({@link #tallyExpired}).
     */
    int issued(SimNode issuer, Id key, long atMs) {
        if (size - tallied == issuedMs.length) {
            grow();
        }
        int at = slot(size);
        issuedMs[at] = atMs;
        deliveredMs[at] = 0;
        hops[at] = 0;
        flags[at] = 0;
        issuers[at] = issuer;
        incarnations[at] = issuer.incarnation();
        return size++;
    }

    /** Lookups issued so far. */
    int size() {
        return size;
    }

    void delivered(int id, long nowMs, int hopCount, boolean consistent) {
        if (id < tallied) {
            return; // tallied: its timeout had passed, so this delivery would not count
        }
        int at = slot(id);
        if ((flags[at] & DELIVERED) != 0) {
            return;
        }
        flags[at] |= DELIVERED;
        if (consistent) {
            flags[at] |= CONSISTENT;
        }
        deliveredMs[at] = nowMs;
        hops[at] = hopCount;
    }

    /** Whether every lookup issued and not yet tallied has been delivered (its figures are then final). */
    boolean allDelivered() {
        for (int id = tallied; id < size; id++) {
            if ((flags[slot(id)] & DELIVERED) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Tallies every lookup left; call once every timeout has passed. */
    Summary summarise() {
        while (tallied < size) {
            tally(slot(tallied++));
        }
        return new Summary(counted, delivered, consistent, hopStats, latencyStats);
    }

    /** Tallies the lookups whose timeout has passed by now (issued in order, so from the oldest). */
    void tallyExpired(long nowMs) {
        while (tallied < size && issuedMs[slot(tallied)] + timeoutMs < nowMs) {
            tally(slot(tallied++));
        }
    }

    private void tally(int at) {
        SimNode issuer = issuers[at];
        issuers[at] = null;
        if (!issuer.aliveAt(incarnations[at], issuedMs[at] + timeoutMs)) {
            return;
        }
        counted++;
        long latency = deliveredMs[at] - issuedMs[at];
        if ((flags[at] & DELIVERED) != 0 && latency <= timeoutMs) {
            delivered++;
            hopStats.add(hops[at]);
            latencyStats.add(latency);
            if ((flags[at] & CONSISTENT) != 0) {
                consistent++;
            }
        }
    }

    private int slot(int id) {
        return id & (issuedMs.length - 1);
    }

    private void grow() {
        int n = issuedMs.length * 2;
        long[] is = new long[n];
        long[] ds = new long[n];
        int[] hs = new int[n];
        byte[] fs = new byte[n];
        SimNode[] ns = new SimNode[n];
        int[] incs = new int[n];
        for (int id = tallied; id < size; id++) {
            int from = slot(id);
            int to = id & (n - 1);
            is[to] = issuedMs[from];
            ds[to] = deliveredMs[from];
            hs[to] = hops[from];
            fs[to] = flags[from];
            ns[to] = issuers[from];
            incs[to] = incarnations[from];
        }
        issuedMs = is;
        deliveredMs = ds;
        hops = hs;
        flags = fs;
        issuers = ns;
        incarnations = incs;
    }
}
