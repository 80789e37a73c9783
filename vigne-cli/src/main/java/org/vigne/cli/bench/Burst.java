package org.vigne.cli.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A phase of {@code n} operations issued all at once (open loop, from one thread), each timed from
 * its issue to its completion: how a node copes when every one of many groups gets a command at
 * the same moment.
 */
final class Burst {
    private static final long TIMEOUT_MS = 30_000;

    private Burst() {
    }

    static PhaseResult run(String name, int n, IntFunction<CompletableFuture<?>> op) throws InterruptedException {
        long[] nanos = new long[n];
        boolean[] ok = new boolean[n];
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        ProcessMeter m0 = ProcessMeter.now();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int k = i;
            long start = System.nanoTime();
            all[i] = op.apply(i).whenComplete((v, e) -> {
                nanos[k] = System.nanoTime() - start;
                ok[k] = e == null;
            });
        }
        try {
            CompletableFuture.allOf(all).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Failed and late operations count as errors below.
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ProcessMeter used = ProcessMeter.now().since(m0);
        Latencies lat = new Latencies(n);
        long errors = 0;
        for (int i = 0; i < n; i++) {
            if (all[i].isDone() && ok[i]) {
                lat.add(nanos[i]);
            } else {
                errors++;
            }
        }
        return ClosedLoop.summary(name, n, List.of(lat), errors, seconds, used);
    }
}
