package org.vigne.sim.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a history as clients make calls: record each call when it is issued and its return when
 * the answer arrives. Calls that are never answered stay in the history as operations that never
 * returned, which is what the checker needs for a crashed node or a caller that gave up.
 *
 * <p>Not thread-safe: an experiment records from its single simulation thread; a real-runtime
 * test that records from several threads must guard it.
 */
public final class HistoryRecorder {
    private final List<Operation> operations = new ArrayList<>();

    /** Records a read issued at {@code nowMs}; returns the id to give {@link #returnRead}. */
    public int callRead(String process, String object, double nowMs) {
        return add(Operation.read(process, object, null, nowMs, Operation.NEVER));
    }

    /** Records a write issued at {@code nowMs}; returns the id to give {@link #returnWrite}. */
    public int callWrite(String process, String object, byte[] value, double nowMs) {
        return add(Operation.write(process, object, value, nowMs, Operation.NEVER));
    }

    /** Records a compare-and-set issued at {@code nowMs}; returns the id to give {@link #returnCas}. */
    public int callCas(String process, String object, byte[] expected, byte[] newValue, double nowMs) {
        return add(Operation.cas(process, object, expected, newValue, false, nowMs, Operation.NEVER));
    }

    /** The read {@code id} returned {@code value} at {@code nowMs}. */
    public void returnRead(int id, byte[] value, double nowMs) {
        Operation c = pending(id, Operation.Kind.READ);
        operations.set(id, Operation.read(c.process(), c.object(), value, c.callMs(), nowMs));
    }

    /** The write {@code id} was acknowledged at {@code nowMs}. */
    public void returnWrite(int id, double nowMs) {
        Operation c = pending(id, Operation.Kind.WRITE);
        operations.set(id, Operation.write(c.process(), c.object(), c.input(), c.callMs(), nowMs));
    }

    /** The compare-and-set {@code id} returned at {@code nowMs}, having swapped or not. */
    public void returnCas(int id, boolean succeeded, double nowMs) {
        Operation c = pending(id, Operation.Kind.CAS);
        operations.set(id, Operation.cas(c.process(), c.object(), c.expected(), c.input(), succeeded, c.callMs(), nowMs));
    }

    /** The call {@code id} was refused with an error that guarantees it had no effect: drop it. */
    public void forget(int id) {
        Operation c = operations.get(id);
        pending(id, c == null ? Operation.Kind.READ : c.kind());
        operations.set(id, null);
    }

    /** The history so far, in call order; calls not yet answered appear as never returned. */
    public List<Operation> operations() {
        List<Operation> out = new ArrayList<>(operations.size());
        for (Operation o : operations) {
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    private int add(Operation call) {
        operations.add(call);
        return operations.size() - 1;
    }

    private Operation pending(int id, Operation.Kind kind) {
        if (id < 0 || id >= operations.size()) {
            throw new IllegalArgumentException("no call with id " + id);
        }
        Operation c = operations.get(id);
        if (c == null || c.returned() || c.kind() != kind) {
            throw new IllegalStateException("call " + id + " is not a pending " + kind + ": "
                    + (c == null ? "forgotten" : c));
        }
        return c;
    }
}
