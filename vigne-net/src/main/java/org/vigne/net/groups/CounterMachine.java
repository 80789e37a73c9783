package org.vigne.net.groups;

import java.nio.ByteBuffer;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupStateMachine;

/**
 * The state machine of the real node's {@code counter} groups, small enough to benchmark the log
 * itself: a command of 8 bytes is a signed amount added to the sum (any other command adds
 * nothing), and every command is counted and folded into a hash chain of (index, command), so two
 * replicas with the same chain applied exactly the same commands at the same indexes. The result of
 * a command is the state after it ({@link CounterState}), and so is a snapshot.
 */
public final class CounterMachine implements GroupStateMachine {
    private long applies;
    private long sum;
    private long chain;
    private long lastIndex;
    private final Runnable onStop;

    /** A counter at zero; {@code onStop} runs when the replica stops for good. */
    public CounterMachine(Runnable onStop) {
        this.onStop = onStop;
    }

    @Override
    public Applied apply(long index, byte[] command) {
        applies++;
        if (command.length == Long.BYTES) {
            sum += ByteBuffer.wrap(command).getLong();
        }
        chain = fold(chain, index, command);
        lastIndex = index;
        return Applied.of(state().toBytes());
    }

    /** The chain after {@code command} at {@code index} (FNV-1a over the command, mixed with the index). */
    static long fold(long chain, long index, byte[] command) {
        long h = 0xcbf29ce484222325L;
        for (byte b : command) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        long x = chain * 0x9E3779B97F4A7C15L + index * 31 + h;
        return x ^ (x >>> 29);
    }

    /** What this replica has applied so far. */
    public CounterState state() {
        return new CounterState(applies, sum, chain, lastIndex);
    }

    @Override
    public byte[] snapshot() {
        return state().toBytes();
    }

    @Override
    public void restore(byte[] snapshot) {
        CounterState s = CounterState.of(snapshot);
        if (s == null) {
            throw new IllegalArgumentException("a counter snapshot is " + CounterState.BYTES + " bytes");
        }
        applies = s.applies();
        sum = s.sum();
        chain = s.chain();
        lastIndex = s.lastIndex();
    }

    @Override
    public void stopped() {
        onStop.run();
    }

    /** An 8-byte command adding {@code amount}. */
    public static byte[] add(long amount) {
        return ByteBuffer.allocate(Long.BYTES).putLong(amount).array();
    }
}
