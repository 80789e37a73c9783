package org.vigne.net.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.files.FileSet;
import org.vigne.sync.SyncState;
import org.vigne.sync.SyncState.SemaphoreState;

/**
 * The synchronisation part of one component's checkpoint on a real node: the application's
 * semaphores as its sync group held them when that component (process {@code process})
 * checkpointed, captured while the component waited. It travels inside the checkpoint's file set
 * as the reserved file {@value #PATH}, like the shared objects' snapshot, so it is stored,
 * replicated and removed with the checkpoint; the executor strips it before a restored checkpoint
 * reaches the component.
 *
 * <p><b>The rule of a round ({@link #restore}).</b> A coordinated round holds one snapshot per
 * component, each taken at another instant. A restored process believes it holds what it held
 * at its own checkpoint, so the epoch after a restart gives each process the permits its own
 * snapshot says it held (none when it has no snapshot: it never used the service before its
 * checkpoint); a semaphore is declared, with its permits, when any snapshot of the round knows
 * it. Permits that went from one process to another between their checkpoints of the round make
 * an inconsistent cut (the holdings could exceed the permits): the restore then fails, loudly,
 * rather than invent or lose a permit. Applications checkpoint where no permit is in flight
 * between components (after a barrier, as the paper's application does).
 *
 * @param process the component index whose checkpoint holds this snapshot
 * @param state   the group's state at that checkpoint (its epoch is the epoch it was captured in)
 */
public record SyncSnapshot(int process, SyncState state) {
    /** The reserved path of the snapshot in a checkpoint's file set. */
    public static final String PATH = ".vigne-sync";
    private static final int VERSION = 1;

    public byte[] encode() {
        return new ByteWriter(64).u8(VERSION).varInt(process).bytes(state.encode()).toByteArray();
    }

    /** Reads what {@link #encode} wrote; throws {@link MalformedException} on anything else. */
    public static SyncSnapshot decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedException("sync snapshot version " + version + ", this node reads " + VERSION);
        }
        int process = r.varInt();
        byte[] state = r.bytes();
        r.end();
        try {
            return new SyncSnapshot(process, SyncState.decode(state));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("sync snapshot: " + e.getMessage());
        }
    }

    /** The snapshot inside {@code checkpoint}, or null when it holds none. */
    public static SyncSnapshot in(FileSet checkpoint) {
        byte[] b = checkpoint.get(PATH);
        return b == null ? null : decode(b);
    }

    /**
     * The state epoch {@code epoch} starts from after a restart from the round whose snapshots
     * are {@code round}: see the class comment. Throws {@link IllegalStateException}, saying
     * which semaphore, when the snapshots are not a consistent cut.
     */
    public static SyncState restore(long epoch, List<SyncSnapshot> round) {
        Map<String, Integer> capacities = new TreeMap<>();
        Map<String, TreeMap<Integer, Integer>> holdings = new TreeMap<>();
        for (SyncSnapshot s : round) {
            for (SemaphoreState sem : s.state.semaphores()) {
                Integer known = capacities.putIfAbsent(sem.name(), sem.capacity());
                if (known != null && known != sem.capacity()) {
                    throw new IllegalStateException("semaphore \"" + sem.name() + "\" has " + known + " permits in one "
                            + "checkpoint of the round and " + sem.capacity() + " in another");
                }
                TreeMap<Integer, Integer> h = holdings.computeIfAbsent(sem.name(), k -> new TreeMap<>());
                Integer own = sem.holdings().get(s.process);
                if (own != null) {
                    h.put(s.process, own);
                }
            }
        }
        List<SemaphoreState> sems = new ArrayList<>();
        capacities.forEach((name, capacity) -> {
            TreeMap<Integer, Integer> h = holdings.get(name);
            int held = h.values().stream().mapToInt(Integer::intValue).sum();
            if (held > capacity) {
                throw new IllegalStateException("the checkpoints of the round hold " + held + " permits of semaphore \""
                        + name + "\", which has " + capacity + " " + h + ": permits moved between them, so the round "
                        + "is not a consistent cut");
            }
            sems.add(new SemaphoreState(name, capacity, h));
        });
        return new SyncState(epoch, sems);
    }
}
