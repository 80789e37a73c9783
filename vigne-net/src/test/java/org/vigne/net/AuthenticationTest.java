package org.vigne.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.LogCapture;
import org.vigne.net.fixtures.Nodes;
import org.vigne.net.fixtures.TestMessages.Ask;

class AuthenticationTest {
    private static final String WRONG = "not the cluster secret";

    private final Nodes nodes = new Nodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void nodeWithWrongSecret_cannotDeliver_andIsRefusedOncePerPeerInTheLog() throws Exception {
        NetNode honest = nodes.start("honest", Nodes.SECRET);
        NetNode friend = nodes.start("friend", Nodes.SECRET);
        NetNode intruder = nodes.start("intruder", WRONG);
        try (LogCapture log = new LogCapture("org.vigne.net.transport.RefusalLog")) {
            for (int i = 0; i < 3; i++) {
                intruder.send(honest.self(), new Ask(i, Id.ZERO, null, List.of()));
            }
            Await.until("the honest node refuses the intruder's handshake", () -> honest.stats().authFailures() >= 1);
            Await.until("the intruder drops its messages", () -> intruder.stats().droppedMessages() == 3);
            Await.until("the intruder retries after its backoff", () -> {
                intruder.send(honest.self(), new Ask(9, Id.ZERO, null, List.of()));
                return honest.stats().authFailures() >= 2;
            });
            nodes.echo(friend).ask(honest.self(), new Ask(100, Id.ZERO, null, List.of())).get(10, TimeUnit.SECONDS);

            // Named by its socket address (its claimed handle is unproven), once for both attempts.
            assertThat(log.warnings()).filteredOn(w -> w.contains("wrong cluster secret")).singleElement().asString()
                    .matches("frame from 127\\.0\\.0\\.1:\\d+ refused: wrong cluster secret \\(HMAC mismatch\\)");
        }
        assertThat(nodes.echo(honest).asks).extracting(r -> r.from()).containsExactly(friend.self());
        assertThat(honest.stats().messagesIn()).isEqualTo(1);
        assertThat(intruder.stats().messagesOut()).isZero();
    }

    @Test
    void nodeWithWrongSecret_receivesNothingFromHonestNodes() throws Exception {
        NetNode honest = nodes.start("honest", Nodes.SECRET);
        NetNode intruder = nodes.start("intruder", WRONG);

        honest.send(intruder.self(), new Ask(1, Id.sha1("secret value"), null, List.of()));
        Await.until("the intruder refuses the honest node's proof", () -> intruder.stats().authFailures() >= 1);
        Await.until("the honest node drops its message", () -> honest.stats().droppedMessages() == 1);

        assertThat(honest.stats().messagesOut()).isZero();
        assertThat(intruder.stats().messagesIn()).isZero();
        assertThat(nodes.echo(intruder).asks).isEmpty();
    }
}
