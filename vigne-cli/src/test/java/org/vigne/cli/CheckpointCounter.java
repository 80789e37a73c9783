package org.vigne.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vigne.client.SharedObject;
import org.vigne.client.Vigne;

/**
 * A component for {@link ObjectsMultiProcessTest}: it counts steps in its checkpoint directory and
 * in the shared object {@code counter} alike (one increment per step), checkpoints both every
 * {@code EVERY} steps through {@link Vigne#checkpoint()}, and notes in {@code out.txt} the step it
 * resumed from and the counter's value it found then, and the counter's final value. After a
 * restart from a checkpoint the two must agree: the objects are part of the checkpoint.
 *
 * <p>Usage: {@code CheckpointCounter STEPS EVERY STEP_MILLIS}.
 */
public final class CheckpointCounter {
    private CheckpointCounter() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int steps = Integer.parseInt(args[0]);
        int every = Integer.parseInt(args[1]);
        long stepMs = Long.parseLong(args[2]);
        Path state = Path.of(System.getenv("VIGNE_CHECKPOINT_DIR")).resolve("step");
        long from = Files.exists(state) ? Long.parseLong(Files.readString(state).trim()) : 0;
        Path out = Path.of("out.txt");
        try (Vigne vigne = Vigne.fromEnvironment()) {
            SharedObject counter = vigne.object("counter");
            note(out, "resumed " + from + " counter " + counter.readLong());
            for (long i = from + 1; i <= steps; i++) {
                counter.addAndGet(1);
                if (i % every == 0) {
                    Files.writeString(state, Long.toString(i));
                    vigne.checkpoint();
                }
                Thread.sleep(stepMs);
            }
            note(out, "final " + counter.readLong());
        }
    }

    private static void note(Path out, String line) throws IOException {
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
