package org.vigne.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigne.client.SharedObject;
import org.vigne.client.Vigne;
import org.vigne.client.VigneException;

/**
 * A component of the counter application that {@code vigne bench objects} and the multi-process
 * test submit: started by a node, it reaches its node through {@link Vigne#fromEnvironment()},
 * adds 1 to the shared object {@code counter} {@code INCREMENTS} times by compare-and-set
 * (each success is an acknowledged increment), then waits until all {@code COMPONENTS} components
 * are done (a second counter, {@code done}), reads the final value, and times {@code READS}
 * reads of it (by then every copy is valid: nobody writes it any more). It writes what it saw to
 * {@code out.txt}, one figure per line (latencies in nanoseconds), for the harness to add up.
 *
 * <p>Usage: {@code CounterComponent INCREMENTS COMPONENTS READS}.
 */
public final class CounterComponent {
    /** How long a component waits for the others to finish their increments. */
    private static final long BARRIER_MS = 300_000;

    private CounterComponent() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int increments = Integer.parseInt(args[0]);
        int components = Integer.parseInt(args[1]);
        int reads = Integer.parseInt(args[2]);
        long[] casNanos = new long[increments];
        long[] readNanos = new long[reads];
        long acked = 0;
        long failed = 0;
        long finalValue;
        long elapsedNanos;
        try (Vigne vigne = Vigne.fromEnvironment()) {
            SharedObject counter = vigne.object("counter");
            long start = System.nanoTime();
            for (int i = 0; i < increments; i++) {
                long t = System.nanoTime();
                try {
                    counter.addAndGet(1);
                    casNanos[(int) acked++] = System.nanoTime() - t;
                } catch (VigneException e) {
                    failed++;
                    System.err.println("increment " + i + " not acknowledged: " + e.getMessage());
                }
            }
            elapsedNanos = System.nanoTime() - start;
            SharedObject done = vigne.object("done");
            done.addAndGet(1);
            long deadline = System.nanoTime() + BARRIER_MS * 1_000_000L;
            while (done.readLong() < components) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the other components did not finish within " + BARRIER_MS + " ms");
                }
                Thread.sleep(20);
            }
            finalValue = counter.readLong();
            for (int i = 0; i < reads; i++) {
                long t = System.nanoTime();
                counter.read();
                readNanos[i] = System.nanoTime() - t;
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of("out.txt"), StandardCharsets.UTF_8))) {
            out.println("acked " + acked);
            out.println("failed " + failed);
            out.println("final " + finalValue);
            out.println("elapsedNanos " + elapsedNanos);
            out.println("cas" + join(casNanos, (int) acked));
            out.println("read" + join(readNanos, reads));
        }
    }

    private static String join(long[] v, int n) {
        StringBuilder b = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) {
            b.append(' ').append(v[i]);
        }
        return b.toString();
    }
}
