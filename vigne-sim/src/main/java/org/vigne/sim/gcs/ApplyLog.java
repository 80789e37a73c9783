package org.vigne.sim.gcs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/**
 * {@code --apply-log FILE}: every apply, restore, leader, rebuild and acknowledgement of a run as
 * one JSON object per line (format in the README), so that a checker written by someone else can
 * verify the same properties as {@link GcsChecker}.
 */
public final class ApplyLog implements GcsObserver, AutoCloseable {
    private final BufferedWriter out;
    private long seed;
    private LongSupplier clock = () -> 0;

    public ApplyLog(Path file) {
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the apply log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run that the next lines belong to. */
    void startRun(long runSeed, LongSupplier simClock) {
        this.seed = runSeed;
        this.clock = simClock;
    }

    static long hash(byte[] data) {
        long h = 0xcbf29ce484222325L;
        for (byte b : data) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    private StringBuilder line(String event, GroupId group) {
        StringBuilder b = new StringBuilder(200);
        b.append("{\"seed\":").append(seed).append(",\"t\":").append(clock.getAsLong()).append(",\"event\":\"")
                .append(event).append("\",\"group\":\"").append(group.kind()).append('/').append(group.key()).append('"');
        return b;
    }

    private static void member(StringBuilder b, long generation, Member m) {
        b.append(",\"generation\":").append(generation).append(",\"node\":\"").append(m.node().id())
                .append("\",\"member\":").append(m.id());
    }

    private void write(StringBuilder b) {
        try {
            out.append(b).append("}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void applied(GroupId group, long generation, Member member, Entry e, boolean reached) {
        StringBuilder b = line("apply", group);
        member(b, generation, member);
        b.append(",\"term\":").append(e.term()).append(",\"index\":").append(e.index()).append(",\"entry\":\"")
                .append(e.kind()).append("\",\"client\":").append(e.clientId()).append(",\"seq\":").append(e.seq())
                .append(",\"hash\":\"").append(String.format("%016x", hash(e.data()))).append("\",\"stateMachine\":")
                .append(reached);
        write(b);
    }

    @Override
    public void restored(GroupId group, long generation, Member member, long index) {
        StringBuilder b = line("restore", group);
        member(b, generation, member);
        write(b.append(",\"index\":").append(index));
    }

    @Override
    public void leader(GroupId group, long generation, long term, Member member) {
        StringBuilder b = line("leader", group);
        member(b, generation, member);
        write(b.append(",\"term\":").append(term));
    }

    @Override
    public void rebuilt(GroupId group, long generation, long parent, Member member, long baseIndex) {
        StringBuilder b = line("rebuild", group);
        member(b, generation, member);
        write(b.append(",\"parent\":").append(parent).append(",\"base\":").append(baseIndex));
    }

    @Override
    public void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult r) {
        if (r.status() != SubmitResult.Status.OK) {
            return;
        }
        StringBuilder b = line("ack", group);
        b.append(",\"generation\":").append(r.generation()).append(",\"client\":").append(clientId).append(",\"seq\":")
                .append(seq).append(",\"index\":").append(r.index()).append(",\"hash\":\"")
                .append(String.format("%016x", hash(command))).append('"');
        write(b);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
