package org.vigne.overlay;

import java.util.Arrays;
import org.vigne.core.Id;

/**
 * RTTs of the last few candidates measured but not kept (at most {@link #CAPACITY}, then it
 * starts afresh), so a node that keeps contacting us is not probed again. A linear scan of 32-bit
 * id hashes in a primitive array, allocated at the first sample and dropped when cleared: the
 * boxed map it replaces held 0.8 KiB per node, a lot for a million simulated nodes, most of which
 * measure no candidate for minutes on end.
 */
final class MeasuredRtts {
    static final int CAPACITY = 32;
    private Id[] ids;
    private int[] hashes;
    private int[] rttsMs;
    private int size;

    int size() {
        return size;
    }

    /** Records {@code rttMs} for {@code id}, replacing any; starts afresh first when full. */
    void put(Id id, long rttMs) {
        if (size >= CAPACITY) {
            clear();
        }
        if (ids == null) {
            ids = new Id[4];
            hashes = new int[4];
            rttsMs = new int[4];
        }
        int h = id.hashCode();
        int at = indexOf(id, h);
        if (at < 0) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
                rttsMs = Arrays.copyOf(rttsMs, size * 2);
            }
            at = size++;
            ids[at] = id;
            hashes[at] = h;
        }
        rttsMs[at] = (int) Math.min(Integer.MAX_VALUE, rttMs);
    }

    boolean contains(Id id) {
        return size > 0 && indexOf(id, id.hashCode()) >= 0;
    }

    /** The RTT recorded for {@code id}, or -1. */
    long rttMs(Id id) {
        if (size == 0) {
            return -1;
        }
        int at = indexOf(id, id.hashCode());
        return at < 0 ? -1 : rttsMs[at];
    }

    void clear() {
        ids = null;
        hashes = null;
        rttsMs = null;
        size = 0;
    }

    private int indexOf(Id id, int h) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h && ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
