package org.vigne.sync;

import java.util.List;

/**
 * The commands of an application's sync group log. Participants' operations come in batches (a
 * combining node packs many arrivals in one entry); the application manager sends the rest: a
 * reset at every epoch start, a participant declared gone, a capture at checkpoint time, the end.
 * Each encodes to an explicit layout ({@link SyncCodec}).
 */
public sealed interface SyncCommand {
    /** Operations of participants, applied in order. */
    record Batch(List<SyncOp> ops) implements SyncCommand {
        public Batch {
            ops = List.copyOf(ops);
        }
    }

    /**
     * The application manager suspects {@code process} of epoch {@code epoch} for good: the
     * epoch's barriers break (their waiters learn {@link Outcome#BROKEN}) and the permits the
     * process held go back to its semaphores.
     */
    record Gone(int process, long epoch) implements SyncCommand {
    }

    /** The application (re)starts epoch {@code state.epoch()} from {@code state}; older epochs' operations become stale. */
    record Reset(SyncState state) implements SyncCommand {
    }

    /** Reads the state a checkpoint taken now implies (answered in the command's result). */
    record Capture() implements SyncCommand {
    }

    /** The application ended: its barriers and semaphores go. */
    record End() implements SyncCommand {
    }
}
