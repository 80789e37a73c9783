package org.vigne.data;

/**
 * Access rights of one node's copy of a shared object (write-invalidate, after K. Li's shared
 * virtual memory): at any instant one copy of an object is the master; other copies are either
 * readable or invalid. Illegal transitions throw, so a protocol bug fails loudly instead of
 * silently breaking atomicity.
 */
public enum CopyState {
    /** No valid value here: a read needs a fault to the master. */
    INVALID,
    /** A valid value fetched from the master, which lists this node in its copy set. */
    READ,
    /** The master copy, other copies may still be valid: a write first invalidates them. */
    MASTER_READ,
    /** The master copy and no other valid copy: writes apply at once. */
    MASTER_WRITE,
    /** Mastership sent to another node and not yet acknowledged: serves nothing, forwards requests. */
    HANDING_OFF;

    /** True for the two master states. */
    public boolean isMaster() {
        return this == MASTER_READ || this == MASTER_WRITE;
    }

    /** True when a local read may return this copy's value. */
    public boolean readable() {
        return this == READ || isMaster();
    }

    /** Whether {@code next} may follow this state. */
    public boolean canBecome(CopyState next) {
        return switch (this) {
            case INVALID -> next == READ || next == MASTER_READ || next == MASTER_WRITE;
            case READ -> next == INVALID || next == MASTER_READ || next == MASTER_WRITE;
            case MASTER_READ -> next == MASTER_WRITE || next == HANDING_OFF;
            case MASTER_WRITE -> next == MASTER_READ || next == HANDING_OFF;
            case HANDING_OFF -> next == INVALID || next == MASTER_READ || next == MASTER_WRITE;
        };
    }

    /** Returns {@code next}, or throws when this state may not become it. */
    public CopyState to(CopyState next) {
        if (!canBecome(next)) {
            throw new IllegalStateException("a copy cannot go from " + this + " to " + next);
        }
        return next;
    }
}
