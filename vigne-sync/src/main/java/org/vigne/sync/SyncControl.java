package org.vigne.sync;

import java.util.function.Consumer;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.SubmitResult.Status;

/**
 * What the application manager (or, in the simulator, its stand-in) tells an application's
 * synchronisation state, from any node: start an epoch from a checkpoint's state, declare a
 * participant gone, capture the state a checkpoint implies, end the application. Each is one
 * command of the application's sync group, so it is ordered with the participants' operations
 * and applied alike on every replica. Callbacks run once, on the node's event loop.
 */
public final class SyncControl {
    /** A capture's answer: the state, or null with the error of the submission. */
    public record Captured(SyncState state, String error) {
    }

    private final GcsService gcs;

    SyncControl(GcsService gcs) {
        this.gcs = gcs;
    }

    /**
     * Starts epoch {@code state.epoch()} from {@code state}: the application's first start
     * (epoch 0, which creates the sync group) or a restart from a checkpoint. Operations of
     * participants of that epoch wait in the group until it is applied; those of older epochs
     * become {@link Outcome#STALE}. Idempotent: an epoch already started is left alone.
     */
    public void startEpoch(String app, SyncState state, Consumer<SubmitResult> done) {
        GroupId g = Combiner.group(app);
        byte[] cmd = SyncCodec.encode(new SyncCommand.Reset(state));
        Consumer<SubmitResult> createdOrThere = r -> {
            if (r.status() == Status.EXISTS) {
                gcs.submit(g, cmd, done);
            } else {
                done.accept(r);
            }
        };
        if (state.epoch() == 0) {
            gcs.createGroup(g, cmd, createdOrThere);
        } else {
            gcs.submit(g, cmd, r -> {
                if (r.status() == Status.NO_GROUP) {
                    gcs.recreateGroup(g, cmd, createdOrThere); // every replica was lost: start again from the checkpoint
                } else {
                    done.accept(r);
                }
            });
        }
    }

    /**
     * The manager suspects {@code process} of {@code epoch} for good (its node failed): the
     * epoch's barriers break, so no one waits for it forever, and its permits go back.
     */
    public void gone(String app, int process, long epoch, Consumer<SubmitResult> done) {
        gcs.submit(Combiner.group(app), SyncCodec.encode(new SyncCommand.Gone(process, epoch)), done);
    }

    /** The state a checkpoint taken now implies (to start a later epoch from, with {@link SyncState#inEpoch}). */
    public void capture(String app, Consumer<Captured> done) {
        gcs.submit(Combiner.group(app), SyncCodec.encode(new SyncCommand.Capture()), r -> {
            if (!r.ok()) {
                done.accept(new Captured(null, r.status() + ": " + r.error()));
                return;
            }
            try {
                done.accept(new Captured(SyncCodec.decodeState(r.result()), ""));
            } catch (IllegalArgumentException e) {
                done.accept(new Captured(null, "malformed state: " + e.getMessage()));
            }
        });
    }

    /** The application ended: waiters learn {@link Outcome#ENDED}, and later operations too. */
    public void end(String app, Consumer<SubmitResult> done) {
        gcs.submit(Combiner.group(app), SyncCodec.encode(new SyncCommand.End()), done);
    }
}
