package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.sim.SimNode;

class GcsSmokeTest {
    @Test
    void createSubmitAndFailOver() {
        GcsTestbed t = new GcsTestbed("smoke", 1, 12, 3);
        GroupId g = t.group("g1");
        SubmitResult c = t.create(g);
        assertThat(c.status()).as(t + " creation: " + c.error()).isEqualTo(SubmitResult.Status.OK);
        t.run(2000);
        assertThat(t.replicas(g)).as(t + " replicas").hasSize(3);
        for (int i = 0; i < 10; i++) {
            SubmitResult r = t.submitAndWait(g);
            assertThat(r.status()).as(t + " submit " + i + ": " + r.error()).isEqualTo(SubmitResult.Status.OK);
        }
        SimNode leader = t.leader(g);
        assertThat(leader).isNotNull();
        t.crash(leader);
        for (int i = 0; i < 10; i++) {
            SubmitResult r = t.submitAndWait(g);
            assertThat(r.status()).as(t + " submit after crash " + i + ": " + r.error()).isEqualTo(SubmitResult.Status.OK);
        }
        t.run(120_000);
        assertThat(t.replicas(g)).as(t + " replicas after repair").hasSize(3);
        t.assertSafe();
    }
}
