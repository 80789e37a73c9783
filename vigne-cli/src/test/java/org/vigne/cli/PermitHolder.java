package org.vigne.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigne.client.Semaphore;
import org.vigne.client.Vigne;
import org.vigne.client.VigneException;

/**
 * A component for {@link SyncMultiProcessTest}: on its first run it declares semaphore
 * {@code lock} with {@value #PERMITS} permits, acquires 2, checkpoints (noting "held 2" in its
 * checkpoint directory), acquires the last one and waits to be killed. Restored from that
 * checkpoint, it believes it holds 2 permits, as the checkpoint says: it releases them without
 * declaring the semaphore again, then acquires all {@value #PERMITS}, which is granted only if
 * the permit it took after the checkpoint went back with it. Each outcome is a line of
 * {@code out.txt}.
 */
public final class PermitHolder {
    static final int PERMITS = 3;
    private static final long GRANT_WAIT_MS = 20_000;

    private PermitHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(System.getenv("VIGNE_CHECKPOINT_DIR")).resolve("held");
        Path out = Path.of("out.txt");
        try (Vigne vigne = Vigne.fromEnvironment()) {
            Semaphore lock = vigne.semaphore("lock");
            if (!Files.exists(state)) {
                lock.declare(PERMITS);
                lock.acquire(1);
                lock.acquire(1);
                Files.writeString(state, "2");
                vigne.checkpoint();
                lock.acquire(1);
                note(out, "holding " + PERMITS);
                Thread.sleep(180_000); // killed with its node (-9) meanwhile, by the node's guard
                return;
            }
            note(out, "resumed holding " + Files.readString(state).trim());
            note(out, attempt("release 2", () -> lock.release(2)));
            CompletableFuture<Long> all = CompletableFuture.supplyAsync(() -> lock.acquire(PERMITS));
            try {
                all.get(GRANT_WAIT_MS, TimeUnit.MILLISECONDS);
                note(out, "acquire " + PERMITS + ": granted");
            } catch (TimeoutException e) {
                note(out, "acquire " + PERMITS + ": still waiting after " + GRANT_WAIT_MS + " ms");
            } catch (java.util.concurrent.ExecutionException e) {
                note(out, "acquire " + PERMITS + ": " + e.getCause().getMessage());
            }
            note(out, "done");
            System.exit(0); // the waiting acquisition, if any, must not keep the process alive
        }
    }

    private static String attempt(String what, Runnable op) {
        try {
            op.run();
            return what + ": done";
        } catch (VigneException e) {
            return what + ": " + e.getMessage();
        }
    }

    private static void note(Path out, String line) throws IOException {
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
