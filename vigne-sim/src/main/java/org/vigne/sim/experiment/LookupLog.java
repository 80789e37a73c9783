package org.vigne.sim.experiment;

import java.util.Arrays;
import org.vigne.core.Id;
import org.vigne.sim.SimNode;

/**
 * Every lookup of an experiment: when it was issued, whether and when it was first delivered,
 * in how many hops, whether to the true root, and whether it counts (its issuer was still alive
 * when its timeout expired).
 */
final class LookupLog {
    private long[] issuedMs = new long[1024];
    private long[] deliveredMs = new long[1024];
    private int[] hops = new int[1024];
    private byte[] flags = new byte[1024];
    private int size;

    private static final byte DELIVERED = 1;
    private static final byte CONSISTENT = 2;
    private static final byte COUNTED = 4;

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
        }
        issuedMs[size] = nowMs;
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

    void setCounted(int id, boolean counted) {
        if (counted) {
            flags[id] |= COUNTED;
        }
    }

    Summary summarise() {
        long counted = 0;
        long delivered = 0;
        long consistent = 0;
        Stats h = new Stats();
        Stats l = new Stats();
        for (int i = 0; i < size; i++) {
            if ((flags[i] & COUNTED) == 0) {
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
