package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.core.Id;
import org.vigne.net.NetGroup;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.LogCapture;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.wire.ProtocolCodec;

class WrongSecretTest {
    @TempDir
    Path state;

    @Test
    void nodeWithAnotherSecret_neverJoins_andBothSidesLogWhy() throws Exception {
        try (LocalGrid grid = LocalGrid.start(LocalGrid.Options.of(2, 0, state));
             NetGroup group = NetGroup.create(1);
             LogCapture log = new LogCapture("org.vigne.net.transport.RefusalLog")) {
            grid.allJoined().get(30, TimeUnit.SECONDS);
            GridNode honest = grid.nodes().get(0);
            NodeSettings s = NodeSettings.of(new HostPort("127.0.0.1", 0), ClusterSecret.of("some other secret entirely"));
            GridNode intruder = GridNode.start(s, Id.sha1("intruder"), ProtocolCodec.create(), group, new MembershipLog(true));
            try {
                intruder.joinAddresses(List.of(new HostPort("127.0.0.1", honest.self().port())));

                Await.until("the honest node refuses the intruder's handshake", Duration.ofSeconds(10),
                        () -> honest.net().stats().authFailures() >= 1 && intruder.net().stats().authFailures() >= 1);

                // The honest node names the intruder by its socket address: its claimed handle is unproven.
                assertThat(log.warnings()).anyMatch(w -> w.matches(
                        "frame from 127\\.0\\.0\\.1:\\d+ refused: wrong cluster secret \\(HMAC mismatch\\)"));
                assertThat(log.warnings()).contains("handshake with 127.0.0.1:" + honest.self().port()
                        + " refused by the peer: it does not accept our cluster secret (same --secret-file on every node?)");
                assertThat(intruder.joined()).isNotDone();
                assertThat(intruder.net().stats().messagesOut()).isZero();
                assertThat(honest.net().call(() -> honest.overlay().leafSetMembers()).join())
                        .noneMatch(n -> n.id().equals(intruder.self().id()));
            } finally {
                intruder.close();
            }
        }
    }
}
