package org.vigne.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.net.NetNode;
import org.vigne.net.fixtures.Await;
import org.vigne.net.fixtures.Nodes;
import org.vigne.net.fixtures.TestMessages.Ask;
import org.vigne.net.fixtures.TestMessages.Colour;
import org.vigne.net.fixtures.TestMessages.Note;

/** What outgoing links hold (finding 6 of issue 7): a queue bounded in bytes, and nothing for idle peers. */
class LinksTest {
    private static final int MIB = 1024 * 1024;

    private final Nodes nodes = new Nodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void queueOfAConnectingPeer_isBoundedInBytes() throws Exception {
        NetNode node = nodes.start("sender", Nodes.SECRET, c -> c.withLinks(LinkPolicy.defaults()));
        // A peer that accepts the TCP connection but never says hello: the link stays connecting.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            NodeHandle peer = new NodeHandle(Id.sha1("silent"), "127.0.0.1", silent.getLocalPort());
            for (int i = 0; i < 10; i++) {
                node.send(peer, new Ask(i, Id.ZERO, new Note("", new byte[MIB], Map.of(), Colour.RED), List.of()));
            }
            node.call(() -> null).get(5, TimeUnit.SECONDS);

            // 4 MiB hold three messages of a little over 1 MiB; the seven others are dropped.
            assertThat(node.stats().droppedMessages()).isEqualTo(7);
        }
    }

    @Test
    void idleLink_isClosedQuietly_andReopenedByTheNextSend() throws Exception {
        NetNode a = nodes.start("a", Nodes.SECRET, c -> c.withLinks(c.links().withIdleMs(200)));
        NetNode b = nodes.start("b", Nodes.SECRET);
        nodes.echo(a).ask(b.self(), new Ask(1, Id.ZERO, null, List.of())).get(10, TimeUnit.SECONDS);
        assertThat(a.stats().connectAttempts()).isEqualTo(1);

        Await.until("the idle link is closed", Duration.ofSeconds(5), () -> a.stats().idleLinksClosed() == 1);
        nodes.echo(a).ask(b.self(), new Ask(2, Id.ZERO, null, List.of())).get(10, TimeUnit.SECONDS);

        assertThat(a.stats().connectAttempts()).as("a new connection for the second ask").isEqualTo(2);
        assertThat(a.call(() -> a.services().unknownMessages()).get()).as("no unreachable hint").isZero();
    }
}
