package org.vigne.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one share of the nodes (see {@link Simulator#partitionOf}): its
 * own calendar, its own virtual time, the messages it sent to other partitions during a window
 * and the effects on the world its handlers asked for. One thread runs a partition through a
 * window; nothing in it is touched by another thread meanwhile.
 *
 * <p>The queue is a calendar of one-millisecond buckets (Brown's calendar queue, with a bucket per
 * instant of the next {@link Simulator#BUCKETS} ms): almost every event is a message delivery or a
 * timer a few seconds ahead at most, so scheduling one appends it to its instant's array and
 * firing one takes the next of the current array, in constant time, where a heap of a million
 * pending events pays twenty levels of cache misses. A bucket is an array rather than a list
 * linked through the events: appending then writes next to the bucket's last append instead of
 * into the last event scheduled at that instant, long out of the cache in a large run. Events
 * farther ahead wait in an {@link EventHeap} and move into their bucket as soon as their instant
 * comes within the calendar's reach.
 *
 * <p>When an instant begins, its bucket is sorted (unless it already is) by the events' keys (the
 * node that scheduled each and that node's own count): the events of an instant then fire in an order that depends
 * on what the nodes did, never on how they were spread over partitions or threads. Events
 * scheduled during the instant for the same instant (a node's zero-delay timer, a message to
 * itself) follow, in the order they were scheduled.
 */
final class Partition extends PartitionPadding {
    /** Keeps the next object's first fields off the cache line of this one's last (see {@link PartitionPadding}). */
    private long q0;
    private long q1;
    private long q2;
    private long q3;
    private long q4;
    private long q5;
    private long q6;
    private long q7;
    private static final int MASK = Simulator.BUCKETS - 1;
    private static final int MIN_BUCKET = 8;
    private static final int SHRINK_ABOVE = 64;
    private static final int INSERTION_SORT_MAX = 24;

    final int index;
    /** The events of each instant in [now, now + BUCKETS); null until first used. */
    private final SimEvent[][] buckets = new SimEvent[Simulator.BUCKETS][];
    /**
     * The keys of the instant being sorted, copied from its events once, so that sorting compares
     * numbers in one array instead of reading events (the events are fired right after, so reading
     * them here costs no more cache misses than firing them would). Keeping keys beside every
     * bucket instead cost 0.6 KiB per node at 2,000 nodes ({@code MemoryPerNodeTest}).
     */
    private long[] scratch = new long[MIN_BUCKET];
    /** Per bucket: the position of its next event to fire, and one past its last event. */
    private final int[] firsts = new int[Simulator.BUCKETS];
    private final int[] ends = new int[Simulator.BUCKETS];
    /** Events in the calendar. */
    private int near;
    /**
     * No event of this partition is earlier: its next event's time as the partition left its last
     * window, lowered by every event added since. The coordinating thread reads this one field to
     * start the next window, not the calendar that the partition's own thread has just written
     * (reading that cost the coordinator 3% of its time on 100,000 nodes, in cache misses).
     */
    private long nextAtLeast = Long.MAX_VALUE;
    /** Events at or after now + BUCKETS. */
    private final EventHeap far = new EventHeap();
    /** The instant whose bucket was last sorted. */
    private long sortedAt = -1;
    long nowMs;
    long fired;
    /** The node whose event is firing (owner of what it schedules), or -1 between events. */
    int owner = -1;
    /**
     * Events for other partitions (messages), by the parity of the window they were sent in and by
     * partition. Each partition takes its own from every other at the start of its next window
     * ({@link #takeInbox}), on its own thread, while the others fill the other parity's.
     */
    private final List<List<List<SimEvent>>> outboxes = List.of(new ArrayList<>(), new ArrayList<>());
    /** No event in the outboxes is earlier (the coordinating thread reads it with {@link #nextAtLeast}). */
    private long sentAtLeast = Long.MAX_VALUE;
    /** Effects on the world asked for during the current window, in the order asked. */
    final List<Effect> effects = new ArrayList<>();
    /** What went wrong in this partition during the current window. */
    RuntimeException failure;
    /** Messages and bytes its nodes sent (kept here so that no two threads write one counter). */
    long messagesSent;
    long bytesSent;

    /** An effect on the world asked for by a node's handler at an instant, run after the window. */
    record Effect(long timeMs, int owner, Runnable action) {
    }

    Partition(int index, int partitions) {
        this.index = index;
        for (List<List<SimEvent>> byParity : outboxes) {
            for (int i = 0; i < partitions; i++) {
                byParity.add(new ArrayList<>());
            }
        }
    }

    /** The events waiting here: in the calendar, and sent to other partitions but not yet taken. */
    int pending() {
        int n = near + far.size();
        for (List<List<SimEvent>> byParity : outboxes) {
            for (List<SimEvent> box : byParity) {
                n += box.size();
            }
        }
        return n;
    }

    /** Holds {@code e}, sent in a window of parity {@code parity}, for partition {@code to} to take. */
    void send(SimEvent e, int to, int parity) {
        outboxes.get(parity).get(to).add(e);
        if (e.timeMs < sentAtLeast) {
            sentAtLeast = e.timeMs;
        }
    }

    /**
     * Takes into this partition's calendar what every partition sent it in the window before the
     * current one (of parity {@code parity}). Their order does not matter: an instant's events are
     * sorted by key before they fire.
     */
    private void takeInbox(Partition[] all, int parity) {
        for (Partition from : all) {
            List<SimEvent> box = from.outboxes.get(parity).get(index);
            if (!box.isEmpty()) {
                for (SimEvent e : box) {
                    insert(e);
                }
                box.clear();
            }
        }
    }

    /** Adds {@code e}, whose time (not before now), key and owner are set. */
    void insert(SimEvent e) {
        if (e.timeMs < nextAtLeast) {
            nextAtLeast = e.timeMs;
        }
        if (e.timeMs - nowMs < Simulator.BUCKETS) {
            append(e);
        } else {
            far.add(e);
        }
    }

    private void append(SimEvent e) {
        int b = (int) (e.timeMs & MASK);
        SimEvent[] events = buckets[b];
        int end = ends[b];
        if (events == null) {
            events = new SimEvent[MIN_BUCKET];
            buckets[b] = events;
        } else if (end == events.length) {
            events = Arrays.copyOf(events, end * 2);
            buckets[b] = events;
        }
        events[end] = e;
        ends[b] = end + 1;
        near++;
    }

    /** Time of the next event, or {@code Long.MAX_VALUE} when none is pending. */
    long nextTimeMs() {
        if (near > 0) {
            long t = nowMs;
            while (firsts[(int) (t & MASK)] == ends[(int) (t & MASK)]) {
                t++;
            }
            return t;
        }
        return far.size() > 0 ? far.firstTimeMs() : Long.MAX_VALUE;
    }

    /**
     * No event this partition holds is earlier: neither its next (exact after a window until events
     * are added, see {@link #nextAtLeast}) nor one it sent another partition that has not taken it.
     */
    long nextAtLeastMs() {
        return Math.min(nextAtLeast, sentAtLeast);
    }

    /** Moves now to {@code t} (not before now), bringing the far events that come within reach into the calendar. */
    void advanceTo(long t) {
        if (t == nowMs) {
            return;
        }
        nowMs = t;
        while (far.size() > 0 && far.firstTimeMs() - t < Simulator.BUCKETS) {
            append(far.poll());
        }
    }

    /**
     * Fires, in order, every event before {@code endMs}, after taking what the partitions
     * ({@code all}) sent this one in the window before, whose parity is not {@code parity}.
     */
    void runWindow(long endMs, Simulator sim, Partition[] all, int parity) {
        takeInbox(all, parity ^ 1);
        sentAtLeast = Long.MAX_VALUE;
        long t;
        while ((t = nextTimeMs()) < endMs) {
            advanceTo(t);
            int b = (int) (t & MASK);
            if (sortedAt != t) {
                sortedAt = t;
                sortInstant(b);
            }
            SimEvent e = takeFirst(b);
            fired++;
            owner = e.owner;
            try {
                e.fire();
            } catch (SimulationException ex) {
                throw ex;
            } catch (RuntimeException | AssertionError ex) {
                throw sim.failure(e, nowMs, ex);
            } finally {
                owner = -1;
            }
        }
        nextAtLeast = t;
    }

    /** Puts the events of bucket {@code b} in the order of their keys, unless they already are. */
    private void sortInstant(int b) {
        int first = firsts[b];
        int n = ends[b] - first;
        if (n < 2) {
            return;
        }
        if (scratch.length < n) {
            scratch = new long[Math.max(n, 2 * scratch.length)];
        }
        SimEvent[] events = buckets[b];
        boolean sorted = true;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long k = events[first + i].key;
            scratch[i] = k;
            sorted &= k > previous;
            previous = k;
        }
        if (!sorted) {
            sort(scratch, events, first, 0, n - 1);
        }
    }

    /**
     * Sorts keys {@code ks[lo..hi]} (all different) and moves events {@code es[off + lo..off + hi]}
     * (the event of key {@code ks[i]} at {@code es[off + i]}) with them.
     */
    static void sort(long[] ks, SimEvent[] es, int off, int lo, int hi) {
        while (hi - lo >= INSERTION_SORT_MAX) {
            int mid = (lo + hi) >>> 1;
            long a = ks[lo];
            long b = ks[mid];
            long c = ks[hi];
            long pivot = a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (ks[i] < pivot) {
                    i++;
                }
                while (ks[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(ks, es, off, i++, j--);
                }
            }
            if (j - lo < hi - i) {
                sort(ks, es, off, lo, j);
                lo = i;
            } else {
                sort(ks, es, off, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long k = ks[i];
            SimEvent e = es[off + i];
            int j = i - 1;
            while (j >= lo && ks[j] > k) {
                ks[j + 1] = ks[j];
                es[off + j + 1] = es[off + j];
                j--;
            }
            ks[j + 1] = k;
            es[off + j + 1] = e;
        }
    }

    private static void swap(long[] ks, SimEvent[] es, int off, int i, int j) {
        long k = ks[i];
        ks[i] = ks[j];
        ks[j] = k;
        SimEvent e = es[off + i];
        es[off + i] = es[off + j];
        es[off + j] = e;
    }

    /** Takes the first event of bucket {@code b}, which must not be empty. */
    private SimEvent takeFirst(int b) {
        SimEvent[] events = buckets[b];
        int first = firsts[b];
        SimEvent e = events[first];
        events[first] = null;
        if (first + 1 == ends[b]) {
            firsts[b] = 0;
            ends[b] = 0;
            if (events.length > SHRINK_ABOVE && first < events.length / 4) {
                // A burst (a ring being built) grew it: do not hold its high-water mark for ever.
                buckets[b] = new SimEvent[events.length / 2];
            }
        } else {
            firsts[b] = first + 1;
        }
        e.key = SimEvent.UNQUEUED;
        near--;
        return e;
    }
}
