package org.vigne.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured phase of closed-loop clients: each thread issues one operation at a time and waits
 * for it, so latency is what one caller sees and throughput is what the threads get together. An
 * operation that fails, completes exceptionally or takes longer than the timeout is an error and
 * is left out of the latencies. The process's CPU and collection time over the phase come with it
 * ({@link ProcessMeter}).
 */
public final class ClosedLoop {
    private static final long OP_TIMEOUT_MS = 20_000;

    /** The operation number {@code i} of the phase, issued by a thread with its own seeded {@code random}. */
    @FunctionalInterface
    public interface Op {
        CompletableFuture<?> start(int i, SplittableRandom random);
    }

    private ClosedLoop() {
    }

    /** Runs {@code count} operations split over {@code threads} threads and measures them as phase {@code name}. */
    public static PhaseResult run(String name, int threads, int count, Op op) throws InterruptedException {
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
                        long t0 = System.nanoTime();
                        try {
                            op.start(i, rnd).get(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
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
        ProcessMeter m0 = ProcessMeter.now();
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return summary(name, threads, lat, errors.get(), seconds, ProcessMeter.now().since(m0));
    }

    /** The figures of a phase from its threads' latencies. */
    static PhaseResult summary(String name, int threads, List<Latencies> lat, long errors, double seconds, ProcessMeter used) {
        long[] sorted = Latencies.merged(lat);
        double cpuUsPerOp = used.cpuNanos() < 0 || sorted.length == 0 ? -1 : round(used.cpuNanos() / 1e3 / sorted.length, 1);
        return new PhaseResult(name, threads, sorted.length, errors, round(seconds, 3), round(sorted.length / seconds, 0),
                round(Latencies.quantileUs(sorted, 0.50), 1), round(Latencies.quantileUs(sorted, 0.99), 1), cpuUsPerOp,
                used.gcMs());
    }

    static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }
}
