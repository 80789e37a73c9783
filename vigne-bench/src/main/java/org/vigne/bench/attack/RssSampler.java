package org.vigne.bench.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the resident set size of a process (Linux: {@code VmRSS} in {@code /proc/PID/status})
 * on a thread of its own, so a harness can report memory before, during and after an attack.
 */
final class RssSampler implements AutoCloseable {
    /** One sample: milliseconds since the sampler started, and MiB resident. */
    record Sample(long atMs, double mib) {
    }

    private final long pid;
    private final long periodMs;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    RssSampler(long pid, long periodMs) {
        this.pid = pid;
        this.periodMs = periodMs;
        this.thread = new Thread(this::run, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Resident MiB of {@code pid} now, or -1 when it cannot be read. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private void run() {
        while (!stop) {
            double mib = rssMiB(pid);
            synchronized (this) {
                samples.add(new Sample(nowMs(), mib));
            }
            LockSupport.parkNanos(periodMs * 1_000_000L);
        }
    }

    /** Milliseconds since the sampler started, on the samples' clock. */
    long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    /** Largest sample taken in {@code [fromMs, toMs)}. */
    synchronized double peak(long fromMs, long toMs) {
        return samples.stream().filter(s -> s.atMs() >= fromMs && s.atMs() < toMs).mapToDouble(Sample::mib).max().orElse(-1);
    }

    /** Mean of the samples taken in {@code [fromMs, toMs)}. */
    synchronized double mean(long fromMs, long toMs) {
        return samples.stream().filter(s -> s.atMs() >= fromMs && s.atMs() < toMs).mapToDouble(Sample::mib).average()
                .orElse(-1);
    }

    /** The first sample at or after {@code fromMs} at most {@code limitMib}, or null. */
    synchronized Sample firstAtMost(long fromMs, double limitMib) {
        return samples.stream().filter(s -> s.atMs() >= fromMs && s.mib() <= limitMib).findFirst().orElse(null);
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
