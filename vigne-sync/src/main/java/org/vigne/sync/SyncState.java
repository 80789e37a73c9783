package org.vigne.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The synchronisation state an application epoch starts from: what a coordinated checkpoint
 * implies. Barriers start afresh in every epoch (generation 0, nobody arrived): participants
 * restart from the checkpoint together and count their generations from the epoch's start, so a
 * barrier needs no state across a restart. Semaphores keep their permits and who holds them,
 * since a participant restored from the checkpoint believes it still holds what it held then.
 *
 * @param epoch      the epoch this state starts (0 for the application's first start)
 * @param semaphores the semaphores declared, with their holders
 */
public record SyncState(long epoch, List<SemaphoreState> semaphores) {

    /**
     * One semaphore: {@code capacity} permits in all, {@code holdings} per process (processes
     * holding none are left out), so {@code capacity - sum(holdings)} are free.
     */
    public record SemaphoreState(String name, int capacity, SortedMap<Integer, Integer> holdings) {
        public SemaphoreState {
            if (name == null || name.isEmpty() || name.length() > SyncOp.MAX_NAME || capacity < 1) {
                throw new IllegalArgumentException("a semaphore needs a name and at least one permit");
            }
            holdings = Collections.unmodifiableSortedMap(new TreeMap<>(holdings));
            long held = 0;
            for (var e : holdings.entrySet()) {
                if (e.getKey() < 0 || e.getValue() < 1) {
                    throw new IllegalArgumentException("semaphore " + name + ": holdings are positive, by process");
                }
                held += e.getValue();
            }
            if (held > capacity) {
                throw new IllegalArgumentException("semaphore " + name + ": " + held + " permits held of " + capacity);
            }
        }

        /** Permits nobody holds. */
        public int available() {
            int held = 0;
            for (int h : holdings.values()) {
                held += h;
            }
            return capacity - held;
        }
    }

    public SyncState {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs start at 0, got " + epoch);
        }
        List<SemaphoreState> sorted = new ArrayList<>(semaphores);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("semaphore " + sorted.get(i).name() + " named twice");
            }
        }
        semaphores = List.copyOf(sorted);
    }

    /** An epoch with no semaphores: an application's first start, or a checkpoint taken before any was declared. */
    public static SyncState fresh(long epoch) {
        return new SyncState(epoch, List.of());
    }

    /** This state as bytes (what a capture answers), to store with a checkpoint. */
    public byte[] encode() {
        return SyncCodec.encodeState(this);
    }

    /** Reads what {@link #encode} wrote; throws {@link IllegalArgumentException} on anything else. */
    public static SyncState decode(byte[] bytes) {
        return SyncCodec.decodeState(bytes);
    }

    /** The same state for another epoch (a restart from the checkpoint this state was captured at). */
    public SyncState inEpoch(long newEpoch) {
        return new SyncState(newEpoch, semaphores);
    }
}
