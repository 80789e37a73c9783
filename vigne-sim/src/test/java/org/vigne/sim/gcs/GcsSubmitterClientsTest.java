package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GroupId;
import org.vigne.sim.SimNode;

/**
 * A submitter keeps one client (an id and its sequence numbers) per group it commands. It used to
 * keep them until 4,096 were remembered, so a node commanding many groups in turn held one per
 * group it ever talked to (about 1.1 million objects at the end of the 2-hour, 2,000-node run).
 * A client idle for a session lifetime is now forgotten, as its group forgets the session; the
 * next command to that group takes a new client and is applied once.
 */
class GcsSubmitterClientsTest {
    private static final int SEEDS = 2;
    private static final int GROUPS = 12;

    @Test
    void aClientIdleForASessionLifetime_isForgotten_andTheGroupStillTakesCommandsOnce() {
        long ttl = GcsConfig.defaults().sessionTtlMs();
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("submitter-clients", seed, 10, 3);
            try {
                List<GroupId> groups = new ArrayList<>();
                for (int i = 0; i < GROUPS; i++) {
                    GroupId g = t.group("g" + i);
                    groups.add(g);
                    assertThat(t.create(g).ok()).as(t + ": created " + g).isTrue();
                }
                SimNode from = t.population.members().get(0);
                for (GroupId g : groups) {
                    t.submit(from, g);
                }
                t.run(5_000);
                int remembered = GcsTestbed.node(from).gcs().submitterClients();
                assertThat(remembered).as(t + ": clients after commanding every group").isGreaterThanOrEqualTo(GROUPS);

                t.run(ttl / 2);
                t.submit(from, groups.get(0));
                t.run(5_000);
                assertThat(GcsTestbed.node(from).gcs().submitterClients()).as(t + ": clients half a lifetime later")
                        .isEqualTo(remembered);

                t.run(ttl);
                t.submit(from, groups.get(1));
                t.run(5_000);
                assertThat(GcsTestbed.node(from).gcs().submitterClients())
                        .as(t + ": clients after the others were idle a lifetime").isEqualTo(1);
                assertThat(t.failed).as(t + ": failed submissions").isZero();
                assertThat(t.acked).as(t + ": acknowledged").isEqualTo(GROUPS + 2);
                t.assertSafe();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + " (seed " + seed + ")", e);
            }
        }
    }
}
