package org.vigne.cli;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that other processes or threads make true. */
final class Poll {
    private Poll() {
    }

    /** Returns the milliseconds it took {@code condition} to hold; fails after {@code limit}. */
    static long until(String what, Duration limit, BooleanSupplier condition) {
        long start = System.nanoTime();
        if (!within(limit, condition)) {
            fail("timed out after " + limit.toSeconds() + " s waiting for " + what);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Polls until {@code condition} holds (true) or {@code limit} passes (false); the caller asserts on what it saw. */
    static boolean within(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }
}
