package org.vigne.sim.experiment;

import java.util.Arrays;
import org.vigne.core.Id;
import org.vigne.sim.SimNode;

/**
 * Every lookup of an experiment: who issued it and when, whether and when it was first delivered,
 * in how many hops, whether to the true root. A lookup counts when its issuer was still alive
 * when its timeout expired; that is decided at the end from the issuer's incarnations.
 */
final class LookupLog {
    private long[] issuedMs = new long[1024];
    private long[] deliveredMs = new long[1024];
    private int[] hops = new int[1024];
    private byte[] flags = new byte[1024];
    private SimNode[] issuers = new SimNode[1024];
    private int[] incarnations = new int[1024];
    private int size;

    private static final byte DELIVERED = 1;
    private static final byte CONSISTENT = 2;

    /** Totals over counted lookups. */
    record Summary(long counted, long delivered, long consistent, Stats hops, Stats latency) {
    }

    int issued(SimNode issuer, Id key, long nowMs) {
        if (size == issuedMs.length) {
            int n = size * 2;
            issuedMs = Arrays.copyOf(issuedMs, n);
            deliveredMs = Arrays.copyOf(deliveredMs, n);
            hops = Arrays.copyOf(hops, n);
            flags = Arrays.copyOf(flags, n);
            issuers = Arrays.copyOf(issuers, n);
            incarnations = Arrays.copyOf(incarnations, n);
        }
        issuedMs[size] = nowMs;
        issuers[size] = issuer;
        incarnations[size] = issuer.incarnation();
        return size++;
    }

    int size() {
        return size;
    }

    void delivered(int id, long nowMs, int hopCount, boolean consistent) {
        if ((flags[id] & DELIVERED) != 0) {
            return;
        }
        flags[id] |= DELIVERED;
        if (consistent) {
            flags[id] |= CONSISTENT;
        }
        deliveredMs[id] = nowMs;
        hops[id] = hopCount;
    }

    Summary summarise() {
        long counted = 0;
        long delivered = 0;
        long consistent = 0;
        Stats h = new Stats();
        Stats l = new Stats();
        for (int i = 0; i < size; i++) {
            if (!issuers[i].aliveAt(incarnations[i], issuedMs[i] + OverlayExperiment.LOOKUP_TIMEOUT_MS)) {
                continue;
            }
            counted++;
            if ((flags[i] & DELIVERED) != 0 && deliveredMs[i] - issuedMs[i] <= OverlayExperiment.LOOKUP_TIMEOUT_MS) {
                delivered++;
                h.add(hops[i]);
                l.add(deliveredMs[i] - issuedMs[i]);
                if ((flags[i] & CONSISTENT) != 0) {
                    consistent++;
                }
            }
        }
        return new Summary(counted, delivered, consistent, h, l);
    }
}
