package org.vigne.apps.files;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs {@code count} asynchronous steps (chunk i of a file) and reports once: {@code OK} when
 * every step succeeded, else the first failure. Steps are all issued at once; the
 * {@link DhtQueue} under them bounds how many are in flight.
 */
final class FanOut {
    private FanOut() {
    }

    /**
     * Issues {@code step.accept(i, report)} for i in [0, count); {@code done} gets the first failing
     * report, or OK after the last success. Reports that come after the outcome are ignored.
     */
    static void run(int count, BiConsumer<Integer, Consumer<FileResult<Void>>> step, Consumer<FileResult<Void>> done) {
        if (count == 0) {
            done.accept(FileResult.ok(null));
            return;
        }
        int[] left = {count};
        boolean[] finished = {false};
        for (int i = 0; i < count; i++) {
            step.accept(i, r -> {
                if (finished[0]) {
                    return;
                }
                if (!r.ok()) {
                    finished[0] = true;
                    done.accept(r);
                } else if (--left[0] == 0) {
                    finished[0] = true;
                    done.accept(r);
                }
            });
        }
    }
}
