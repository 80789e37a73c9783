package org.vigne.sim.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every access the components of a simulated application made, as a history a linearizability
 * checker reads: who called what on which object, with which input and output, when it was called
 * and when it returned (virtual milliseconds). An access that never returned (its application
 * restarted, or it timed out) has no output and no return time: it may or may not have taken
 * effect. Values are text (the experiments write text).
 *
 * <p>Checkpoints and restarts appear as operations too: a checkpoint is a read by process
 * {@value #CHECKPOINT} that takes no time, and the start of an epoch from a checkpoint is a write
 * of its value by process {@value #RESTART} that takes no time, so each epoch's history can be
 * checked on its own.
 */
public final class History {
    /** Process name of checkpoint reads. */
    public static final String CHECKPOINT = "checkpoint";
    /** Process name of the writes that start an epoch from a checkpoint. */
    public static final String RESTART = "restart";

    /** What an operation does. */
    public enum Op { READ, WRITE, CAS }

    /**
     * One operation.
     *
     * @param input    the value written (write), the new value (cas); null for a read
     * @param expected the value a cas expects; null otherwise
     * @param output   the value read (read), "ok" (write), "ok" or "conflict" (cas); null if it never returned
     * @param returnMs when it returned, or -1 if it never did
     * @param callSeq   position of the call among every call and return of the history (events of one
     *                  virtual millisecond happened in a definite order)
     * @param returnSeq position of the return, or -1
     */
    public record Operation(String process, long epoch, String object, Op op, String input, String expected,
                            String output, long callMs, long returnMs, long callSeq, long returnSeq) {
        /** True when the operation returned. */
        public boolean completed() {
            return returnMs >= 0;
        }
    }

    private final List<Operation> ops = new ArrayList<>();
    private final List<Operation> open = new ArrayList<>();
    private long seq;

    /** Records the call of an operation; returns its handle for {@link #returned}. */
    public int called(String process, long epoch, String object, Op op, String input, String expected, long nowMs) {
        open.add(new Operation(process, epoch, object, op, input, expected, null, nowMs, -1, seq++, -1));
        return open.size() - 1;
    }

    /** The operation {@code handle} returned {@code output}. */
    public void returned(int handle, String output, long nowMs) {
        Operation o = open.get(handle);
        open.set(handle, null);
        ops.add(new Operation(o.process(), o.epoch(), o.object(), o.op(), o.input(), o.expected(), output, o.callMs(),
                nowMs, o.callSeq(), seq++));
    }

    /** When the open operation {@code handle} was called. */
    public long callOf(int handle) {
        return open.get(handle).callMs();
    }

    /** The operation {@code handle} will never return (restart, timeout): its effect is unknown. */
    public void abandoned(int handle) {
        Operation o = open.get(handle);
        open.set(handle, null);
        ops.add(o);
    }

    /** Records an operation that took no time (checkpoint reads, restart writes). */
    public void instant(String process, long epoch, String object, Op op, String value, long nowMs) {
        String input = op == Op.READ ? null : value;
        String output = op == Op.READ ? value : "ok";
        long s = seq;
        seq += 2;
        ops.add(new Operation(process, epoch, object, op, input, null, output, nowMs, nowMs, s, s + 1));
    }

    /** Every operation recorded so far (abandoned ones included), in the order they ended. */
    public List<Operation> operations() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /** Writes the history as JSON lines, one operation each (see the README for the fields). */
    public void writeJsonLines(Writer out) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        for (Operation o : ops) {
            var node = mapper.createObjectNode();
            node.put("process", o.process());
            node.put("epoch", o.epoch());
            node.put("object", o.object());
            node.put("op", o.op().name().toLowerCase(java.util.Locale.ROOT));
            if (o.op() == Op.CAS) {
                node.putArray("input").add(o.expected()).add(o.input());
            } else {
                node.put("input", o.input());
            }
            node.put("output", o.output());
            node.put("call", o.callMs());
            if (o.completed()) {
                node.put("return", o.returnMs());
            } else {
                node.putNull("return");
            }
            out.write(mapper.writeValueAsString(node));
            out.write('\n');
        }
    }
}
