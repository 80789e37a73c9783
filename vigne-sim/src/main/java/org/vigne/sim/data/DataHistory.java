package org.vigne.sim.data;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.HistoryJson;
import org.vigne.sim.check.HistoryRecorder;
import org.vigne.sim.check.LinearizabilityChecker;
import org.vigne.sim.check.Operation;

/**
 * The history of a simulated application's accesses to its shared objects, as the
 * linearizability checker reads it, with what restarts add: objects are named {@code NAME@EPOCH},
 * since a restart from a checkpoint starts every object afresh (process {@value #RESTART} writes
 * its checkpointed value when the epoch starts) and accesses of different epochs never interact;
 * process {@value #CHECKPOINT} reads each object when a checkpoint is taken. Both take no time.
 *
 * <p>Times are virtual milliseconds; calls and returns within one millisecond are told apart by a
 * fraction of a millisecond in the order they happened, so the history keeps the simulator's exact
 * order of events (the checker takes equal times as concurrent). An access that never returned
 * (its application restarted, or it timed out) stays pending: it may or may not have taken effect.
 */
public final class DataHistory {
    /** Process of the checkpoint reads. */
    public static final String CHECKPOINT = "checkpoint";
    /** Process of the writes that start an epoch from its checkpoint. */
    public static final String RESTART = "restart";
    /** What an object holds before it is first written: {@code SharedObjects} reads it as empty. */
    private static final byte[] EMPTY = new byte[0];
    /** Fraction of a millisecond between two events of the same millisecond. */
    private static final double TICK = 1e-4;

    private final HistoryRecorder recorder = new HistoryRecorder();
    private long lastMs = -1;
    private int within;

    /** The name under which object {@code name} of epoch {@code epoch} is checked. */
    public static String object(String name, long epoch) {
        return name + "@" + epoch;
    }

    private double time(long ms) {
        if (ms != lastMs) {
            lastMs = ms;
            within = 0;
        } else if (within < 1 / TICK - 1) {
            within++;
        }
        return ms + within * TICK;
    }

    public int callRead(String process, long epoch, String name, long nowMs) {
        return recorder.callRead(process, object(name, epoch), time(nowMs));
    }

    public int callWrite(String process, long epoch, String name, byte[] value, long nowMs) {
        return recorder.callWrite(process, object(name, epoch), value, time(nowMs));
    }

    public int callCas(String process, long epoch, String name, byte[] expected, byte[] value, long nowMs) {
        return recorder.callCas(process, object(name, epoch), expected, value, time(nowMs));
    }

    public void returnRead(int id, byte[] value, long nowMs) {
        recorder.returnRead(id, value, time(nowMs));
    }

    public void returnWrite(int id, long nowMs) {
        recorder.returnWrite(id, time(nowMs));
    }

    public void returnCas(int id, boolean succeeded, long nowMs) {
        recorder.returnCas(id, succeeded, time(nowMs));
    }

    /** The call {@code id} was refused with a status that guarantees it had no effect. */
    public void refused(int id) {
        recorder.forget(id);
    }

    /** Epoch {@code epoch} starts with object {@code name} holding {@code value}. */
    public void restart(long epoch, String name, byte[] value, long nowMs) {
        recorder.returnWrite(recorder.callWrite(RESTART, object(name, epoch), value, time(nowMs)), time(nowMs));
    }

    /** A checkpoint read {@code value} from object {@code name}. */
    public void checkpoint(long epoch, String name, byte[] value, long nowMs) {
        recorder.returnRead(recorder.callRead(CHECKPOINT, object(name, epoch), time(nowMs)), value, time(nowMs));
    }

    /** Every operation so far, in call order (those not answered yet as never returned). */
    public List<Operation> operations() {
        return recorder.operations();
    }

    /** Checks every object of every epoch; objects never written read as empty. */
    public CheckReport check() {
        return new LinearizabilityChecker().withInitialValue(EMPTY).check(operations());
    }

    /** Writes the history as JSON lines (README, "History format"). */
    public void writeJsonLines(Writer out) throws IOException {
        HistoryJson.write(operations(), out);
    }
}
