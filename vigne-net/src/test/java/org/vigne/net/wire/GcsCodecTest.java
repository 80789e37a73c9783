package org.vigne.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.gcs.raft.Snapshot;

/** Group communication's messages on the wire: every record round-trips, and broken frames fail only as {@link WireException}. */
class GcsCodecTest {
    private final MessageCodec codec = ProtocolCodec.create();
    private final Id key = Id.sha1("group-key");
    private final NodeHandle a = new NodeHandle(Id.sha1("a"), "127.0.0.1", 35001);
    private final NodeHandle b = new NodeHandle(Id.sha1("b"), "127.0.0.1", 35003);
    private final Configuration config = Configuration.of(List.of(new Member(a, 11), new Member(b, -7)));

    /** One sample of every wire record of both families, with every field set. */
    private List<Message> samples() {
        List<Entry> entries = List.of(Entry.noop(3, 5), Entry.command(3, 6, new byte[] {1, 2}, 99, 4).stamped(1234),
                Entry.config(3, 7, config));
        List<RaftMessage> raft = List.of(
                new RaftMessage.Append(3, 4, 2, entries, 6),
                new RaftMessage.AppendResponse(3, 7, true, 5, 2),
                new RaftMessage.Vote(4, true, false, 7, 3),
                new RaftMessage.VoteResponse(4, true, true),
                new RaftMessage.InstallSnapshot(3, new Snapshot(40, 3, config, new byte[] {9, 8, 7})),
                new RaftMessage.TimeoutNow(5),
                new RaftMessage.Heartbeat(3, 6, true),
                new RaftMessage.HeartbeatResponse(3));
        List<Message> out = new ArrayList<>(raft);
        for (RaftMessage r : raft) {
            out.add(new GcsMessage.GroupRaft("counter", key, 2, 11, -7, r, -1_765_000_001));
        }
        GcsMessage.Beat beat = new GcsMessage.Beat("counter", key, 2, 11, -7, 3, 6, false, true, 5);
        out.addAll(List.of(
                new GcsMessage.Submit("counter", key, 42, 8, new byte[] {5, 6, 7}, true, a, 1),
                new GcsMessage.SubmitReply("counter", key, 42, 8, SubmitResult.Status.OK, new byte[] {1}, 6, 2, b, "none"),
                beat,
                new GcsMessage.Beats(List.of(beat, new GcsMessage.Beat("kv", key, 1, 3, 4, 2, 0, true, false, 0)), true, 42),
                new GcsMessage.Output("counter", key, 2, 6, 1, new byte[] {4}),
                new GcsMessage.OutputAck("counter", key, 2, 6, 1),
                new GcsMessage.NoReplica("counter", key, 2, 11),
                new GcsMessage.NotMember("counter", key, 2, -7),
                new GcsMessage.Resigned("counter", key, 2, 11, -7, 3),
                new GcsMessage.Started(),
                new GcsMessage.RecoveryProbe("counter", key, 2, 11),
                new GcsMessage.RecoveryState("counter", key, 2, -7, 40, 3)));
        return out;
    }

    @Test
    void everyGcsAndRaftRecord_hasACode_inItsFamilyRange() {
        List<Class<? extends Message>> gcs = ProtocolCodec.records(GcsMessage.class);
        List<Class<? extends Message>> raft = ProtocolCodec.records(RaftMessage.class);

        for (int i = 0; i < gcs.size(); i++) {
            assertThat(codec.types().codeOf(gcs.get(i))).isEqualTo(ProtocolCodec.GCS_BASE + i);
        }
        for (int i = 0; i < raft.size(); i++) {
            assertThat(codec.types().codeOf(raft.get(i))).isEqualTo(ProtocolCodec.RAFT_BASE + i);
        }
        Set<Class<?>> sampled = new HashSet<>();
        samples().forEach(m -> sampled.add(m.getClass()));
        assertThat(sampled).as("the samples cover every record").containsAll(gcs).containsAll(raft);
    }

    @Test
    void everyRecord_roundTrips_withNestedLogMessagesEntriesAndConfigurations() throws WireException {
        for (Message m : samples()) {
            Message back = codec.decode(codec.encode(m));

            assertThat(back).as(m.getClass().getSimpleName()).usingRecursiveComparison().isEqualTo(m);
        }
    }

    @Test
    void logMessageInsideAnotherFamily_isRefused() throws WireException {
        byte[] bytes = codec.encode(new GcsMessage.GroupRaft("counter", key, 2, 11, -7, new RaftMessage.TimeoutNow(5), 7));
        // The nested TimeoutNow's code replaced by a group message's: its class does not fit the declared field.
        int raftCode = codec.types().codeOf(RaftMessage.TimeoutNow.class);
        int gcsCode = codec.types().codeOf(GcsMessage.NoReplica.class);
        byte[] swapped = replaceCode(bytes, raftCode, gcsCode);

        assertThatThrownBy(() -> codec.decode(swapped)).isInstanceOf(WireException.class);
    }

    @Test
    void everyTruncationOfEveryRecord_failsWithWireExceptionOnly() throws WireException {
        assertThat(CodecChecks.everyTruncationFails(codec, samples())).isGreaterThan(1000);
    }

    @Test
    void garbageAndFlippedBytes_failOnlyWithWireException_orDecodeToARegisteredRecord() throws WireException {
        CodecChecks.garbageFailsCleanly(codec, samples(), 20261205, 5000);
    }

    /** {@code bytes} with the type code {@code from} (a 3-character CBOR text string) replaced by {@code to}. */
    private static byte[] replaceCode(byte[] bytes, int from, int to) {
        byte[] out = bytes.clone();
        byte[] f = Integer.toString(from).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = Integer.toString(to).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + 3 < out.length; i++) {
            if ((out[i] & 0xFF) == 0x63 && out[i + 1] == f[0] && out[i + 2] == f[1] && out[i + 3] == f[2]) {
                System.arraycopy(t, 0, out, i + 1, 3);
                return out;
            }
        }
        throw new AssertionError("code " + from + " not found in the encoding");
    }
}
