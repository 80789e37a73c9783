package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigne.data.AccessResult;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.data.DataConfig;
import org.vigne.data.DataCounters;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.SimNode;

/**
 * Near copies (a component's own copy under a lease, revoked by its node before the node's copy is
 * invalidated or overwritten) on a small ring, both protocols: every history checked, and a
 * component that never acknowledges delays a write by at most its lease.
 */
class NearCopiesScenarioTest {
    private static final long LEASE_MS = 300;

    private static DataTestbed testbed(String scenario, long seed, ConsistencyProtocol p, double loss) {
        return testbed(scenario, seed, p, loss, LEASE_MS);
    }

    private static DataTestbed testbed(String scenario, long seed, ConsistencyProtocol p, double loss, long leaseMs) {
        return new DataTestbed(scenario, seed, 20, new NetworkModel(5, 60, 0.1, loss, loss / 2), p,
                DataConfig.defaults().withLeaseMs(leaseMs));
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void readersOnTheWritersNodeAndOthers_readThroughNearCopies_historyLinearizable(ConsistencyProtocol p) {
        DataTestbed t = testbed("near copies, 6 sessions on 4 nodes", 23, p, 0.03);
        List<SimNode> m = t.nodes(4);
        t.manager.start(m, Map.of());
        List<NearSession> sessions = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < m.size(); i++) {
            NearSessions channel = NearSessions.on(t, m.get(i));
            sessions.add(channel.open(m.get(i), id++, false));
            if (i < 2) {
                sessions.add(channel.open(m.get(i), id++, false));
            }
        }
        SplittableRandom random = new SplittableRandom(t.seed);
        int[] writes = new int[1];
        List<Driver> drivers = new ArrayList<>();
        for (NearSession s : sessions) {
            // Two writers: one on the node with two readers, one on a node of its own.
            boolean writer = s.id == 1 || s.id == 6;
            drivers.add(new Driver(t, s, random.split(), writer ? 0.3 : 0.0, 60, writes));
        }
        drivers.forEach(Driver::next);
        long end = t.sim.nowMs() + 600_000;
        while (t.sim.nowMs() < end && drivers.stream().anyMatch(d -> d.left > 0 || !d.idle())) {
            t.run(50);
        }
        assertThat(drivers).as("%s: every session finished", t).allMatch(d -> d.left == 0 && d.idle());
        int near = sessions.stream().mapToInt(s -> s.nearReads).sum();
        long revoked = 0;
        for (SimNode n : m) {
            revoked += DataNode.of(n).objects().counters().leaseRevocations;
        }
        System.out.printf("%s: %d writes, %d near reads, %d revocations%n", t, writes[0], near, revoked);
        assertThat(near).as("%s: reads served from near copies", t).isPositive();
        assertThat(revoked).as("%s: near copies revoked by writes", t).isPositive();
        assertThat(writes[0]).isPositive();
        t.assertLinearizable();
    }

    /** Reads or writes object x from one session, one access at a time, with a random pause between. */
    private static final class Driver {
        final DataTestbed t;
        final NearSession s;
        final SplittableRandom random;
        final double writeShare;
        final int[] writes;
        int left;
        DataTestbed.Pending current;

        Driver(DataTestbed t, NearSession s, SplittableRandom random, double writeShare, int count, int[] writes) {
            this.t = t;
            this.s = s;
            this.random = random;
            this.writeShare = writeShare;
            this.left = count;
            this.writes = writes;
        }

        boolean idle() {
            return current == null || current.done();
        }

        void next() {
            if (left == 0) {
                return;
            }
            left--;
            if (random.nextDouble() < writeShare) {
                writes[0]++;
                current = s.write("x", s.process + "-" + left);
            } else {
                current = s.read("x");
            }
            poll();
        }

        private void poll() {
            if (current.done()) {
                t.sim.after(random.nextInt(1, 40), this::next);
            } else {
                t.sim.after(1, this::poll);
            }
        }
    }

    /**
     * A lease longer than the master's retransmission timeout (3 s at most): the invalidation reaches
     * the stuck session's node again while its revocation is under way, and that copy must answer
     * neither before the lease ends.
     */
    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void aRetransmittedInvalidation_duringARevocation_stillWaitsForTheLease(ConsistencyProtocol p) {
        long lease = 8_000;
        DataTestbed t = testbed("stuck leaseholder, invalidation retransmitted", 37, p, 0, lease);
        List<SimNode> m = t.startWithCopies(3);
        NearSession stuck = NearSessions.on(t, m.get(1)).open(m.get(1), 7, true);
        NearSessions.on(t, m.get(0));
        t.awaitOne(stuck.read("x"));
        t.awaitOne(stuck.read("x"));
        long leased = t.sim.nowMs();
        t.run(20);
        AccessResult w = t.awaitOne(t.write(m.get(0), "x", "2"));
        assertThat(w.status()).isEqualTo(AccessResult.Status.OK);
        assertThat(t.sim.nowMs()).as("%s: the write waited for the stuck session's lease", t)
                .isGreaterThanOrEqualTo(leased + lease);
        t.run(1_000);
        t.assertLinearizable();
    }

    @ParameterizedTest
    @EnumSource(ConsistencyProtocol.class)
    void aSessionThatNeverAcknowledges_delaysAWriteByAtMostItsLease(ConsistencyProtocol p) {
        DataTestbed t = testbed("stuck leaseholder", 31, p, 0);
        List<SimNode> m = t.startWithCopies(3);
        NearSession stuck = NearSessions.on(t, m.get(1)).open(m.get(1), 7, true);
        NearSessions.on(t, m.get(0));
        // Two reads: the first fetches the node's copy if needed, the second is lent a lease.
        t.awaitOne(stuck.read("x"));
        t.awaitOne(stuck.read("x"));
        long leased = t.sim.nowMs();
        assertThat(stuck.read("x").done()).as("%s: a read within the lease is served from the near copy", t).isTrue();
        t.run(20);
        long start = t.sim.nowMs();
        AccessResult w = t.awaitOne(t.write(m.get(0), "x", "2"));
        long took = t.sim.nowMs() - start;
        assertThat(w.status()).isEqualTo(AccessResult.Status.OK);
        DataCounters c = DataNode.of(m.get(1)).objects().counters();
        System.out.printf("%s: lease from %d, write %d..%d (%d ms), expired leases %d%n", t, leased, start,
                t.sim.nowMs(), took, c.leasesExpired);
        assertThat(stuck.revocationsSeen).as("%s: the stuck session was asked to drop its copy", t).isPositive();
        assertThat(c.leasesExpired).as("%s: its lease was waited out", t).isEqualTo(1);
        assertThat(t.sim.nowMs()).as("%s: the write waited for the lease", t).isGreaterThanOrEqualTo(leased + LEASE_MS);
        assertThat(took).as("%s: but no longer than a lease and a few hops", t).isLessThanOrEqualTo(LEASE_MS + 300);
        assertThat(stuck.read("x").done()).as("%s: past its lease the stuck session asks its node again", t).isFalse();
        t.run(1_000);
        t.assertLinearizable();
    }
}
