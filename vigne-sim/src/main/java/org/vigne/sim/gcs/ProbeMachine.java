package org.vigne.sim.gcs;

import java.nio.ByteBuffer;
import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupOutput;
import org.vigne.gcs.GroupStateMachine;

/**
 * The state machine the simulated groups run: its state is a hash chain of the commands it applied
 * and their indexes, and each command's result is the chain after it, so the checker can tell
 * from any acknowledged result whether the replica that answered had exactly the agreed history
 * (snapshots included). A command that names a node (its first 26 bytes: id, port) asks for an
 * output to that node.
 */
final class ProbeMachine implements GroupStateMachine {
    /** Bytes of a command's node reference: a 20-byte id, a 4-byte port, 2 spare. */
    static final int TARGET_BYTES = 26;

    private long chain;

    ProbeMachine(GroupId group) {
    }

    /** The chain after applying {@code command} at {@code index} to {@code chain}. */
    static long next(long chain, long index, byte[] command) {
        long h = 0xcbf29ce484222325L;
        for (byte b : command) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        long x = chain * 0x9E3779B97F4A7C15L + index * 31 + h;
        return x ^ (x >>> 29);
    }

    /** A command of {@code size} bytes (at least {@link #TARGET_BYTES}) asking for an output to {@code target}, unique by {@code nonce}. */
    static byte[] command(NodeHandle target, long nonce, int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(size, TARGET_BYTES + 8));
        b.put(target.id().toBytes()).putInt(target.port()).putShort((short) 1).putLong(nonce);
        return b.array();
    }

    @Override
    public Applied apply(long index, byte[] command) {
        chain = next(chain, index, command);
        byte[] result = ByteBuffer.allocate(8).putLong(chain).array();
        if (command.length >= TARGET_BYTES && command[TARGET_BYTES - 1] == 1) {
            ByteBuffer b = ByteBuffer.wrap(command);
            byte[] id = new byte[Id.BYTES];
            b.get(id);
            NodeHandle target = new NodeHandle(Id.fromBytes(id), "sim", b.getInt());
            return new Applied(result, List.of(new GroupOutput(target, result)));
        }
        return Applied.of(result);
    }

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(8).putLong(chain).array();
    }

    @Override
    public void restore(byte[] snapshot) {
        chain = snapshot.length == 8 ? ByteBuffer.wrap(snapshot).getLong() : 0;
    }
}
