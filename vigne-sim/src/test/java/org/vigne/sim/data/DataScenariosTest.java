package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigne.data.AccessResult;
import org.vigne.data.AccessResult.Status;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.data.CopyState;
import org.vigne.data.DataConfig;
import org.vigne.data.ObjectName;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.SimNode;

/** Scripted shared-object scenarios on a small converged ring, for both protocols, every history checked. */
class DataScenariosTest {
    private static final ObjectName X = new ObjectName(DataTestbed.APP, "x");

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void compareAndSetIncrements_underLossAndDuplication_neverLoseOne(ConsistencyProtocol p) {
        DataTestbed t = new DataTestbed("cas counter", 11, 30, new NetworkModel(5, 150, 0.1, 0.05, 0.05), p,
                DataConfig.defaults());
        List<SimNode> members = t.nodes(6);
        t.manager.start(members, Map.of());
        List<Incrementer> incrementers = new ArrayList<>();
        for (SimNode n : members) {
            incrementers.add(new Incrementer(t, n, 8));
        }
        incrementers.forEach(Incrementer::next);
        long end = t.sim.nowMs() + 300_000;
        while (t.sim.nowMs() < end && incrementers.stream().anyMatch(i -> !i.finished())) {
            t.run(100);
        }
        assertThat(incrementers).as("%s: every incrementer finished", t).allMatch(Incrementer::finished);
        int acknowledged = incrementers.stream().mapToInt(i -> i.acknowledged).sum();
        assertThat(acknowledged).isEqualTo(6 * 8);
        assertThat(t.readValue(members.get(0), "x")).as("%s: final counter", t).isEqualTo(Integer.toString(acknowledged));
        assertThat(incrementers.stream().mapToInt(i -> i.conflicts).sum()).as("concurrent increments collided").isPositive();
        t.assertLinearizable();
    }

    /** Reads a counter and compare-and-sets it one higher, {@code count} times, retrying on conflict. */
    private static final class Incrementer {
        final DataTestbed t;
        final SimNode node;
        int left;
        int acknowledged;
        int conflicts;

        Incrementer(DataTestbed t, SimNode node, int count) {
            this.t = t;
            this.node = node;
            this.left = count;
        }

        boolean finished() {
            return left == 0;
        }

        void next() {
            DataTestbed.Pending p = t.read(node, "x");
            p.then(() -> {
                assertThat(p.result.status()).isEqualTo(Status.OK);
                cas(LoopApplication.text(p.result.value()));
            });
        }

        void cas(String current) {
            String next = Integer.toString(current.isEmpty() ? 1 : Integer.parseInt(current) + 1);
            DataTestbed.Pending p = t.compareAndSet(node, "x", current, next);
            p.then(() -> {
                if (p.result.ok()) {
                    acknowledged++;
                    if (--left > 0) {
                        next();
                    }
                } else {
                    assertThat(p.result.status()).isEqualTo(Status.CONFLICT);
                    conflicts++;
                    cas(LoopApplication.text(p.result.value()));
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void aUselessCopysNodeKilledDuringAWrite_neverBlocksIt(ConsistencyProtocol p) {
        DataTestbed t = new DataTestbed("useless copy killed", 12, 30, p);
        List<SimNode> m = t.startWithCopies(4);
        SimNode writer = m.get(0);
        SimNode useless = m.get(3);
        assertThat(DataNode.of(useless).objects().copyState(X)).isEqualTo(CopyState.READ);

        t.manager.setMembers(m.subList(0, 3));
        DataTestbed.Pending w = t.write(writer, "x", "2");
        t.population.crash(useless);
        t.await(2_000, w);

        assertThat(w.result.status()).isEqualTo(Status.OK);
        assertThat(t.readValue(m.get(1), "x")).isEqualTo("2");
        assertThat(t.readValue(m.get(2), "x")).isEqualTo("2");
        t.assertLinearizable();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void aMemberKilledDuringAWrite_blocksItUntilTheManagerDropsItsNode(ConsistencyProtocol p) {
        DataTestbed t = new DataTestbed("member killed", 13, 30, p);
        List<SimNode> m = t.startWithCopies(4);
        SimNode writer = m.get(0);
        SimNode victim = m.get(3);

        DataTestbed.Pending w = t.write(writer, "x", "2");
        t.population.crash(victim);
        t.run(5_000);
        assertThat(w.done()).as("a write waits for the acknowledgement of every member's copy").isFalse();

        t.manager.setMembers(m.subList(0, 3));
        t.await(1_000, w);
        assertThat(w.result.status()).isEqualTo(Status.OK);
        assertThat(t.readValue(m.get(2), "x")).isEqualTo("2");
        t.assertLinearizable();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void aWriteAbandonedDuringItsInvalidation_neverStopsOthersFromReading(ConsistencyProtocol p) {
        DataTestbed t = new DataTestbed("abandoned write", 16, 30, NetworkModel.wideArea(0), p,
                DataConfig.defaults().withOpTimeoutMs(3_000));
        List<SimNode> m = t.startWithCopies(4);

        DataTestbed.Pending w = t.write(m.get(0), "x", "2");
        t.population.crash(m.get(3));
        t.await(4_000, w);
        assertThat(w.result.status()).isEqualTo(Status.TIMEOUT);
        t.manager.setMembers(m.subList(0, 3));

        // The reader acknowledged the invalidation of the version it held: the master must grant a later one.
        DataTestbed.Pending r = t.read(m.get(1), "x");
        t.await(2_000, r);
        assertThat(r.result.status()).isEqualTo(Status.OK);
        assertThat(LoopApplication.text(r.result.value())).isIn("1", "2");
        t.assertLinearizable();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void aKilledMaster_isRecoveredByARestartFromTheCheckpoint(ConsistencyProtocol p) {
        DataTestbed t = new DataTestbed("killed master", 14, 30, p);
        List<SimNode> m = t.nodes(4);
        SimNode writer = m.get(0);
        t.manager.start(m, Map.of());
        t.awaitOne(t.write(writer, "x", "a"));
        t.await(10_000, t.read(m.get(1), "x"), t.read(m.get(2), "x"));
        Map<String, byte[]> cp = t.manager.checkpoint(List.of("x"));
        t.history.checkpoint(t.manager.epoch(), "x", cp.get("x"), t.sim.nowMs());
        t.awaitOne(t.write(writer, "x", "b"));
        assertThat(DataNode.of(writer).objects().copyState(X)).isIn(CopyState.MASTER_READ, CopyState.MASTER_WRITE);

        t.population.crash(writer);
        DataTestbed.Pending blocked = t.read(m.get(3), "x");
        t.run(3_000);
        assertThat(blocked.done()).as("no master, no read").isFalse();
        List<SimNode> next = new ArrayList<>(m.subList(1, 4));
        next.add(t.nodes(5).get(4));
        t.restart(next, cp);
        t.await(1_000, blocked);
        assertThat(blocked.result.status()).isEqualTo(Status.RESTARTED);

        assertThat(t.readValue(m.get(3), "x")).as("rolled back to the checkpoint").isEqualTo("a");
        t.awaitOne(t.write(next.get(3), "x", "c"));
        assertThat(t.readValue(m.get(1), "x")).isEqualTo("c");
        t.assertLinearizable();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void badAccesses_getAClearStatus_neverAHang(ConsistencyProtocol p) {
        DataTestbed t = new DataTestbed("bad accesses", 15, 20, NetworkModel.wideArea(0), p,
                DataConfig.defaults().withOpTimeoutMs(5_000));
        List<SimNode> m = t.nodes(3);
        SimNode outsider = t.nodes(4).get(3);
        t.manager.start(m, Map.of());
        var objects = DataNode.of(m.get(0)).objects();
        List<AccessResult> results = new ArrayList<>();
        objects.write(DataTestbed.APP, "x", new byte[DataConfig.defaults().maxValueBytes() + 1], results::add);
        objects.read(DataTestbed.APP, "", results::add);
        objects.read("no-such-app", "x", results::add);
        DataNode.of(outsider).objects().read(DataTestbed.APP, "x", results::add);
        t.run(100);
        assertThat(results).extracting(AccessResult::status).containsExactly(Status.TOO_LARGE, Status.INVALID_NAME,
                Status.UNKNOWN_APPLICATION, Status.UNKNOWN_APPLICATION);
        assertThat(results.get(0).error()).contains("1048576");

        t.awaitOne(t.write(m.get(0), "x", "v"));
        t.population.crash(m.get(0));
        DataTestbed.Pending orphan = t.read(m.get(1), "x");
        t.await(6_000, orphan);
        assertThat(orphan.result.status()).isEqualTo(Status.TIMEOUT);

        DataTestbed.Pending cut = t.read(m.get(2), "x");
        t.run(500);
        t.manager.end();
        t.await(100, cut);
        assertThat(cut.result.status()).isEqualTo(Status.APPLICATION_ENDED);
        results.clear();
        DataNode.of(m.get(1)).objects().read(DataTestbed.APP, "x", results::add);
        t.run(100);
        assertThat(results).extracting(AccessResult::status).containsExactly(Status.APPLICATION_ENDED);
    }
}
