package org.vigne.sync;

/**
 * The answer to one operation, sent by the sync group to the participant's node: the operation's
 * identity (kind, object, process, epoch, sequence) and how it ended.
 */
public record Notice(OpKind kind, String name, int process, long epoch, long seq, Outcome outcome, String detail) {
    public Notice {
        detail = detail == null ? "" : detail;
    }

    static Notice of(SyncOp op, Outcome outcome, String detail) {
        return new Notice(op.kind(), op.name(), op.process(), op.epoch(), op.seq(), outcome, detail);
    }
}
