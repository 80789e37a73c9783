package org.vigne.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The key-value workload both systems run: closed-loop client threads, each issuing one operation
 * at a time and waiting for it. A warm-up first (so the JIT has compiled both systems' paths),
 * then for each thread count a put phase over keys {@code k0..k(ops-1)} and a get phase of random
 * existing keys. The same code and the same keys drive every system.
 */
public final class DhtWorkload {
    private final int ops;
    private final int valueBytes;
    private final List<Integer> threadCounts;
    private final int warmupOps;

    /**
     * @param ops operations per phase
     * @param valueBytes size of every value
     * @param threadCounts client thread counts, one put and one get phase each
     * @param warmupOps puts and gets before measuring
     */
    public DhtWorkload(int ops, int valueBytes, List<Integer> threadCounts, int warmupOps) {
        if (ops < 1 || valueBytes < 0 || threadCounts.isEmpty()) {
            throw new IllegalArgumentException("a workload needs operations, a value size and thread counts");
        }
        this.ops = ops;
        this.valueBytes = valueBytes;
        this.threadCounts = List.copyOf(threadCounts);
        this.warmupOps = warmupOps;
    }

    /** Runs every phase against {@code store}. */
    public WorkloadResult run(KeyValueStore store) throws InterruptedException {
        byte[] value = new byte[valueBytes];
        new SplittableRandom(7).nextBytes(value);
        if (warmupOps > 0) {
            phase(store, "put", 1, warmupOps, value, "w");
            phase(store, "get", 1, warmupOps, value, "w");
        }
        List<PhaseResult> phases = new ArrayList<>();
        for (int t : threadCounts) {
            phases.add(phase(store, "put", t, ops, value, "k"));
            phases.add(phase(store, "get", t, ops, value, "k"));
        }
        return new WorkloadResult(store.system(), store.setup(), valueBytes, ops, phases);
    }

    private PhaseResult phase(KeyValueStore store, String op, int threads, int count, byte[] value, String prefix)
            throws InterruptedException {
        if (op.equals("put")) {
            return ClosedLoop.run(op, threads, count, (i, rnd) -> store.put(prefix + i, value));
        }
        return ClosedLoop.run(op, threads, count, (i, rnd) -> {
            String key = prefix + rnd.nextInt(count);
            return store.get(key).thenApply(v -> {
                if (v == null) {
                    throw new IllegalStateException("missing key " + key);
                }
                return v;
            });
        });
    }
}
