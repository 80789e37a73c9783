package org.vigne.sim.sync;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigne.sim.SimNode;

class ScratchTest {
    @Test
    void scratch() {
        SyncTestbed bed = new SyncTestbed("scratch", 12, 40, 0.02, 0);
        SyncWorkload w = new SyncWorkload(bed, 6, 60, 2);
        w.start(List.of());
        for (int i = 0; i < 8; i++) {
            bed.run(1_000);
            System.out.println("t=" + bed.sim.nowMs() + " loops=" + w.completedLoops() + " replicas=" + bed.replicaNodes(SyncWorkload.APP).size());
        }
        for (int k = 0; k < 3; k++) {
            List<SimNode> now = bed.replicaNodes(SyncWorkload.APP);
            now.removeAll(w.nodes());
            System.out.println("crash " + now.get(0) + " leader=" + bed.replicaNodes(SyncWorkload.APP).get(0));
            bed.crashAndReplace(now.get(0), 3_000);
            for (int i = 0; i < 25; i++) {
                bed.run(1_000);
                var r = bed.replicaNodes(SyncWorkload.APP);
                System.out.println("t=" + bed.sim.nowMs() + " loops=" + w.completedLoops() + " replicas=" + r.size()
                    + " refusals=" + w.refusals() + " restarts=" + w.restarts() + " broken=" + w.brokenEpochs() + " pending=" + bed.checker.pendingSince(bed.sim.nowMs()).size());
            }
        }
    }
}
