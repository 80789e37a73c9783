package org.vigne.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The key-value workload both systems run: closed-loop client threads, each issuing one operation
 * at a time and waiting for it. A warm-up first (so the JIT has compiled both systems' paths),
 * then for each thread count a put phase over keys {@code k0..k(ops-1)} and a get phase of random
 * existing keys. The same code and the same keys drive every system.
 */
public final class DhtWorkload {
    private static final long OP_TIMEOUT_MS = 10_000;

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
        List<Latencies> lat = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) count * t / threads);
            int to = (int) ((long) count * (t + 1) / threads);
            Latencies l = new Latencies(to - from);
            lat.add(l);
            SplittableRandom rnd = new SplittableRandom(31L * t + 1);
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = from; i < to; i++) {
                        String key = prefix + (op.equals("put") ? i : rnd.nextInt(count));
                        long t0 = System.nanoTime();
                        try {
                            if (op.equals("put")) {
                                store.put(key, value).get(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                            } else if (store.get(key).get(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS) == null) {
                                throw new IllegalStateException("missing key " + key);
                            }
                            l.add(System.nanoTime() - t0);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + t);
            th.setDaemon(true);
            th.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] sorted = Latencies.merged(lat);
        return new PhaseResult(op, threads, sorted.length, errors.get(), round(seconds, 3), round(sorted.length / seconds, 0),
                round(Latencies.quantileUs(sorted, 0.50), 1), round(Latencies.quantileUs(sorted, 0.99), 1));
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }
}
