package org.vigne.apps.manager;

/** What a fault-tolerance policy decides about a {@link Failure}. */
public sealed interface Decision {
    /** The application fails, with {@code reason}. */
    record Fail(String reason) implements Decision {
    }

    /** Restart the failed component after {@code backoffMs}, from its last committed checkpoint or from zero. */
    record RestartComponent(boolean fromCheckpoint, long backoffMs) implements Decision {
        public RestartComponent {
            if (backoffMs < 0) {
                throw new IllegalArgumentException("backoff must not be negative");
            }
        }
    }

    /**
     * Restart every unfinished component after {@code backoffMs}, from the last committed
     * coordinated checkpoint round or from zero. Completed components keep their outputs.
     */
    record RestartApplication(boolean fromCheckpoint, long backoffMs) implements Decision {
        public RestartApplication {
            if (backoffMs < 0) {
                throw new IllegalArgumentException("backoff must not be negative");
            }
        }
    }

    /** Go on without the failed component: it is abandoned, the others run to completion. */
    record Abandon(String reason) implements Decision {
    }
}
