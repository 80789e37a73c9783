package org.vigne.data;

import java.util.function.Consumer;
import org.vigne.core.Timer;

/** One client access waiting on a copy, in arrival order, until it completes or times out. */
final class LocalOp {
    /** What a client asked for. */
    enum Kind { READ, WRITE, COMPARE_AND_SET }

    final Kind kind;
    /** The value to write (write, compare-and-set); null for a read. */
    final byte[] value;
    /** The value a compare-and-set expects; null otherwise. */
    final byte[] expected;
    final Consumer<AccessResult> done;
    Timer deadline;
    boolean finished;
    /** Set once this access has needed an access request (counted once as a fault). */
    boolean faulted;
    /** The (epoch, version) of the value a completed read returned; -1 until then. */
    long epochRead = -1;
    long versionRead = -1;

    LocalOp(Kind kind, byte[] value, byte[] expected, Consumer<AccessResult> done) {
        this.kind = kind;
        this.value = value;
        this.expected = expected;
        this.done = done;
    }

    /** True when this access may write (and so needs mastership). */
    boolean writes() {
        return kind != Kind.READ;
    }
}
