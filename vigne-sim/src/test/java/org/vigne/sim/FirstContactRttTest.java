package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.OverlayConfig;

/**
 * RTTs that mean something (issue 13, item 3): a node's first exchanges pay for what later ones
 * do not (connection set-up, the handshake, a cold JVM), and those samples must not stick. Here a
 * newcomer on a LAN answers everything 300 ms late for its first 10 s; half a minute later every
 * RTT between it and its leaf set must be the network's again, well before the 60 s backstop
 * probe or the routing table's 10-minute probe would measure it anew.
 */
class FirstContactRttTest {
    private static final long COLD_MS = 10_000;
    private static final long COLD_DELAY_MS = 300;
    /** One-way latency of the LAN: 1 to 5 ms, so an RTT of at most 10 ms (12 with rounding). */
    private static final NetworkModel LAN = new NetworkModel(1, 5, 0, 0, 0);

    @Test
    void aColdNewcomersFirstRoundTrips_doNotStick_itsRttsAreTheNetworksWithinFortySeconds() {
        long seed = 97;
        TestRing ring = new TestRing(seed, 40, LAN, OverlayConfig.defaults());
        String replay = "ring of 40 on a 1-5 ms LAN, seed " + seed + "; "
                + Scenarios.replayTest(getClass(), "aColdNewcomer");
        SimNode newcomer = ring.world.newNode();
        long coldUntilMs = ring.sim().nowMs() + COLD_MS;
        Set<Message> late = Collections.newSetFromMap(new IdentityHashMap<>());
        ring.world.setFilter((from, to, msg) -> {
            if (late.remove(msg)) {
                return true;
            }
            if (from == newcomer && ring.sim().nowMs() < coldUntilMs) {
                // A cold process: what it sends leaves late.
                late.add(msg);
                ring.sim().after(COLD_DELAY_MS, () -> newcomer.send(to, msg));
                return false;
            }
            return true;
        });
        ring.population.bootAndJoin(newcomer);
        ring.sim().runUntil(coldUntilMs + 30_000);

        Map<NodeHandle, Long> own = newcomer.overlay().neighbourRttsMicros();
        assertThat(own.keySet()).as("the newcomer measured its whole leaf set; %s", replay)
                .containsAll(newcomer.overlay().leafSetMembers());
        assertThat(own.values()).as("the newcomer's RTTs in us, 30 s after its cold start; %s", replay)
                .allSatisfy(us -> assertThat(us).isLessThanOrEqualTo(12_000L));
        for (NodeHandle m : newcomer.overlay().leafSetMembers()) {
            Long theirs = ring.world.node(m.port()).overlay().neighbourRttsMicros().get(newcomer.self());
            assertThat(theirs).as("%s's RTT of the newcomer, in us; %s", m, replay).isNotNull().isLessThanOrEqualTo(12_000L);
        }
    }
}
