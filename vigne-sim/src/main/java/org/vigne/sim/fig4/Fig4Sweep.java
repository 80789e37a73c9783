package org.vigne.sim.fig4;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vigne.sim.data.DataExperiment;
import org.vigne.sim.experiment.Progress;

/**
 * Runs the simulations of a {@link Fig4Plan} on a few threads, one whole simulation per thread
 * (each is single-threaded and deterministic on its own seed, so the figures do not depend on the
 * number of threads), and prints a line on stderr as each ends, with an estimate of the time left
 * from the work done so far (a run's work taken as components x loops).
 */
final class Fig4Sweep {
    private final int threads;
    private final PrintStream progress;

    Fig4Sweep(int threads, PrintStream progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.progress = progress;
    }

    /** Simulates every distinct configuration of {@code runs} once; the outcomes by configuration. */
    Map<DataExperiment.Config, Fig4Outcome> run(List<Fig4Run> runs) throws InterruptedException {
        Map<DataExperiment.Config, Fig4Run> distinct = new LinkedHashMap<>();
        for (Fig4Run r : runs) {
            distinct.putIfAbsent(r.config(), r);
        }
        List<Fig4Run> todo = new ArrayList<>(distinct.values());
        // the longest first, so that the last minutes do not wait on one long run alone
        todo.sort((a, b) -> Long.compare(b.weight(), a.weight()));
        long totalWeight = todo.stream().mapToLong(Fig4Run::weight).sum();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, todo.size()), r -> {
            Thread t = new Thread(r, "paper-fig4");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Fig4Outcome> done = new ExecutorCompletionService<>(pool);
        Map<Future<Fig4Outcome>, Fig4Run> started = new LinkedHashMap<>();
        for (Fig4Run r : todo) {
            started.put(done.submit(() -> simulate(r.config())), r);
        }
        Map<DataExperiment.Config, Fig4Outcome> out = new LinkedHashMap<>();
        long wall0 = System.nanoTime();
        long doneWeight = 0;
        try {
            for (int i = 0; i < todo.size(); i++) {
                Future<Fig4Outcome> f = done.take();
                Fig4Run r = started.get(f);
                Fig4Outcome o = get(f, r);
                out.put(r.config(), o);
                doneWeight += r.weight();
                report(i + 1, todo.size(), r, o, wall0, doneWeight, totalWeight);
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static Fig4Outcome simulate(DataExperiment.Config c) {
        DataExperiment e = new DataExperiment(c, Progress.silent());
        DataExperiment.Result result = e.run();
        return new Fig4Outcome(c, result, e.loopsBySecond(), e.failuresBySecond());
    }

    private static Fig4Outcome get(Future<Fig4Outcome> f, Fig4Run r) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("paper-fig4: the run " + r.describe() + " failed: " + cause
                    + "; replay with: " + r.config().commandLine(), cause);
        }
    }

    private void report(int n, int of, Fig4Run r, Fig4Outcome o, long wall0, long doneWeight, long totalWeight) {
        if (progress == null) {
            return;
        }
        double elapsedS = (System.nanoTime() - wall0) / 1e9;
        double leftS = elapsedS * (totalWeight - doneWeight) / Math.max(1, doneWeight);
        DataExperiment.Result x = o.result();
        progress.printf("paper-fig4: %d/%d done: %s: %d/%d loops in %.1f simulated s, %d restarts, %d violations,"
                        + " %.1f s wall; elapsed %s, about %s left%n", n, of, r.describe(), x.loopsCompleted(),
                x.loops(), x.simulatedSeconds(), x.restarts(), o.violations(), x.wallSeconds(), clock(elapsedS),
                clock(leftS));
        progress.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
