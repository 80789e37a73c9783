package org.vigne.bench.attack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigne.core.Id;
import org.vigne.net.NetGroup;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.MembershipLog;
import org.vigne.net.node.NodeSettings;
import org.vigne.net.node.SecretFile;
import org.vigne.net.wire.ProtocolCodec;

/**
 * A node that knows the secret joining the target's grid, from this process, to time what an
 * attack costs honest peers: milliseconds from the join request until it has joined the ring.
 */
final class HonestJoin {
    private static final long LIMIT_MS = 30_000;

    private HonestJoin() {
    }

    /** Joins through {@code target} from {@code port}; the join time in ms, or -1 if it did not join within 30 s. */
    static long time(HostPort target, Path secretFile, int port) throws Exception {
        NodeSettings s = NodeSettings.of(new HostPort("127.0.0.1", port), SecretFile.read(secretFile));
        try (NetGroup group = NetGroup.create(1)) {
            GridNode node = GridNode.start(s, Id.sha1("honest " + port + " " + System.nanoTime()), ProtocolCodec.create(),
                    group, new MembershipLog(false));
            try {
                long t0 = System.nanoTime();
                node.joinAddresses(List.of(target));
                try {
                    node.joined().get(LIMIT_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    return -1;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000L;
                node.leave(1000).get(2, TimeUnit.SECONDS);
                return ms;
            } finally {
                node.close();
            }
        }
    }
}
